package dev.orginvites.resend;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.MemoryFixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every status a resend answers, through {@code handleRequest} on the in-memory store: milliseconds, beside the
 * tests on the emulator ({@link ResendInviteHandlerTest}).
 */
class ResendInviteHandlerSliceTest {
    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private final MemoryFixture fixture = new MemoryFixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
            Contract.checked(new ResendInviteHandler(fixture.invitations, fixture.clock, RequestLog.discard(), INTERVAL));
    private final String inviteId;

    ResendInviteHandlerSliceTest() {
        inviteId = fixture.invitations.create(fixture.org, "ada@example.com", fixture.role, "inviter",
                fixture.clock.instant()).id();
    }

    private HttpApiEvents request(String id, String... permissions) {
        return HttpApiEvents.request("POST", "/orgs/{org_id}/invites/{invite_id}/resend").typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", id).query("version", "2024-10-15")
                .jwt("resender", fixture.org, permissions);
    }

    private APIGatewayV2HTTPResponse resend(HttpApiEvents request) {
        return handler.handleRequest(request.build(), null);
    }

    @Test
    void reissuesAfterTheIntervalAndTheOldIdIsGone() {
        fixture.clock.advance(INTERVAL);
        APIGatewayV2HTTPResponse response = resend(request(inviteId, "org.user.invite"));

        assertEquals(201, response.getStatusCode(), response.getBody());
        String reissued = body(response).at("/data/id").asText();
        assertNotEquals(inviteId, reissued);
        assertEquals("/orgs/" + fixture.org + "/invites/" + reissued, response.getHeaders().get("location"));
        assertEquals(1, fixture.pending());
        assertEquals(404, resend(request(inviteId, "org.user.invite")).getStatusCode());
    }

    @Test
    void tooSoonIsA429WithRetryAfter() {
        fixture.clock.advance(Duration.ofMinutes(4));
        APIGatewayV2HTTPResponse response = resend(request(inviteId, "org.user.invite"));

        assertEquals(429, response.getStatusCode(), response.getBody());
        assertEquals("resend-too-soon", error(response).path("code").asText());
        assertEquals("60", response.getHeaders().get("retry-after"));
    }

    /** A resend is counted with creates: beyond the org's quota, the 429 a create answers. */
    @Test
    void beyondTheQuotaIsA429WithRetryAfter() {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> capped =
                Contract.checked(new ResendInviteHandler(
                fixture.store.withInviteQuota(new InviteQuota(1)), fixture.clock, RequestLog.discard(), INTERVAL));
        fixture.clock.advance(INTERVAL);
        APIGatewayV2HTTPResponse resent = capped.handleRequest(request(inviteId, "org.user.invite").build(), null);
        assertEquals(201, resent.getStatusCode(), resent.getBody());
        fixture.clock.advance(INTERVAL);

        APIGatewayV2HTTPResponse refused = capped.handleRequest(request(body(resent).at("/data/id").asText(),
                "org.user.invite").build(), null);

        assertEquals(429, refused.getStatusCode(), refused.getBody());
        assertEquals("invite-quota-exceeded", error(refused).path("code").asText());
        assertEquals(Long.toString(Duration.ofDays(1).minus(INTERVAL).toSeconds()),
                refused.getHeaders().get("retry-after"));
    }

    @Test
    void aMalformedIdIsABadRequest() {
        assertEquals(400, resend(request("not-a-uuid", "org.user.invite")).getStatusCode());
    }

    @Test
    void withoutTheInvitePermissionTheCallerIsForbidden() {
        assertEquals(403, resend(request(inviteId, "org.read", "org.user.read")).getStatusCode());
    }

    @Test
    void anotherOrgIsNotFound() {
        APIGatewayV2HTTPResponse response = resend(request(inviteId, "org.user.invite")
                .jwt("resender", "9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c", "org.user.invite"));

        assertEquals(404, response.getStatusCode());
        assertEquals("org-not-found", error(response).path("code").asText());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        assertEquals(401, resend(request(inviteId).jwt((java.util.Map<String, ?>) null)).getStatusCode());
    }
}
