package dev.orginvites.cancel;

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
 * Every status a cancel answers, through {@code handleRequest} on the in-memory store: milliseconds, beside the
 * tests on the emulator ({@link CancelInviteHandlerTest}).
 */
class CancelInviteHandlerSliceTest {
    private final MemoryFixture fixture = new MemoryFixture();
    private final String org = fixture.org;
    private final String role = fixture.role;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
            Contract.checked(new CancelInviteHandler(fixture.invitations, fixture.clock, RequestLog.discard()));
    private final String inviteId;

    CancelInviteHandlerSliceTest() {
        inviteId = fixture.invitations.create(org, "ada@example.com", role, "inviter", fixture.clock.instant()).id();
    }

    private HttpApiEvents request(String id, String... permissions) {
        return HttpApiEvents.request("DELETE", "/orgs/{org_id}/invites/{invite_id}").typicalHeaders()
                .path("org_id", org).path("invite_id", id).query("version", "2024-10-15")
                .jwt("admin-1", org, permissions);
    }

    private APIGatewayV2HTTPResponse cancel(HttpApiEvents request) {
        return handler.handleRequest(request.build(), null);
    }

    @Test
    void cancelsAPendingInvitationOnce() {
        assertEquals(204, cancel(request(inviteId, "org.user.invite")).getStatusCode());
        assertEquals(0, fixture.pending());

        APIGatewayV2HTTPResponse again = cancel(request(inviteId, "org.user.invite"));
        assertEquals(404, again.getStatusCode());
        assertEquals("invite-not-found", error(again).path("code").asText());
    }

    @Test
    void anExpiredInvitationIsNotFound() {
        fixture.clock.advance(Fixture.TTL);

        assertEquals(404, cancel(request(inviteId, "org.user.invite")).getStatusCode());
    }

    @Test
    void aMalformedIdIsABadRequest() {
        assertEquals(400, cancel(request("not-a-uuid", "org.user.invite")).getStatusCode());
        assertEquals(1, fixture.pending());
    }

    @Test
    void withoutTheInvitePermissionTheCallerIsForbidden() {
        assertEquals(403, cancel(request(inviteId, "org.read", "org.user.read")).getStatusCode());
        assertEquals(1, fixture.pending());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("DELETE",
                "/orgs/{org_id}/invites/{invite_id}").typicalHeaders().path("org_id", org).path("invite_id", inviteId)
                .query("version", "2024-10-15").build(), null);

        assertEquals(401, response.getStatusCode());
        assertEquals(1, fixture.pending());
    }
}
