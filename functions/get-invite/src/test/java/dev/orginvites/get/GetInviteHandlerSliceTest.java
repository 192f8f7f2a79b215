package dev.orginvites.get;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.MemoryFixture;
import org.junit.jupiter.api.Test;

/**
 * Every status a read of one invitation answers, through {@code handleRequest} on the in-memory store: milliseconds,
 * beside the tests on the emulator ({@link GetInviteHandlerTest}).
 */
class GetInviteHandlerSliceTest {
    private final MemoryFixture fixture = new MemoryFixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
            Contract.checked(new GetInviteHandler(fixture.invitations, fixture.clock, RequestLog.discard()));
    private final String inviteId;

    GetInviteHandlerSliceTest() {
        inviteId = fixture.invitations.create(fixture.org, "ada@example.com", fixture.role, "inviter",
                fixture.clock.instant()).id();
    }

    private HttpApiEvents request(String id, String... permissions) {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/invites/{invite_id}").typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", id).query("version", "2024-10-15")
                .jwt("viewer", fixture.org, permissions);
    }

    private APIGatewayV2HTTPResponse get(HttpApiEvents request) {
        return handler.handleRequest(request.build(), null);
    }

    @Test
    void readsAPendingInvitation() {
        APIGatewayV2HTTPResponse response = get(request(inviteId, "org.read", "org.user.read"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(inviteId, body(response).at("/data/id").asText());
        assertEquals("ada@example.com", body(response).at("/data/attributes/email").asText());
    }

    @Test
    void aCancelledOrExpiredInvitationIsNotFound() {
        fixture.invitations.cancel(fixture.org, inviteId, "admin", fixture.clock.instant());
        APIGatewayV2HTTPResponse cancelled = get(request(inviteId, "org.read", "org.user.read"));
        assertEquals(404, cancelled.getStatusCode());
        assertEquals("invite-not-found", error(cancelled).path("code").asText());

        String expiring = fixture.invitations.create(fixture.org, "bob@example.com", fixture.role, "inviter",
                fixture.clock.instant()).id();
        fixture.clock.advance(Fixture.TTL);
        assertEquals(404, get(request(expiring, "org.read", "org.user.read")).getStatusCode());
    }

    @Test
    void aMalformedIdIsABadRequest() {
        assertEquals(400, get(request("not-a-uuid", "org.read", "org.user.read")).getStatusCode());
    }

    @Test
    void withoutBothReadPermissionsTheCallerIsForbidden() {
        assertEquals(403, get(request(inviteId, "org.read")).getStatusCode());
        assertEquals(403, get(request(inviteId, "org.user.read")).getStatusCode());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("GET",
                "/orgs/{org_id}/invites/{invite_id}").typicalHeaders().path("org_id", fixture.org)
                .path("invite_id", inviteId).query("version", "2024-10-15").build(), null);

        assertEquals(401, response.getStatusCode());
    }
}
