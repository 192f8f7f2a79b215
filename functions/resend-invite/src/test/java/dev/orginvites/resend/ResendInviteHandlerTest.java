package dev.orginvites.resend;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer of a resend, through {@code handleRequest} on the DynamoDB emulator. */
@EmulatorTest
class ResendInviteHandlerTest {
    private static final String ROUTE = "/orgs/{org_id}/invites/{invite_id}/resend";
    private static final String VERSION = "2024-10-15";
    private static final Duration INTERVAL = Duration.ofMinutes(5);

    private final Fixture fixture = new Fixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
            Contract.checked(new ResendInviteHandler(fixture.invitations, fixture.clock, RequestLog.discard(), INTERVAL));

    private String invite(String email) {
        return fixture.invitations.create(fixture.org, email, fixture.developer, "inviter", fixture.clock.instant()).id();
    }

    private HttpApiEvents request(String org, String inviteId) {
        return HttpApiEvents.request("POST", ROUTE).typicalHeaders().path("org_id", org).path("invite_id", inviteId)
                .query("version", VERSION).jwt("resender", fixture.org, "org.user.invite");
    }

    private APIGatewayV2HTTPResponse resend(String inviteId) {
        return handler.handleRequest(request(fixture.org, inviteId).build(), null);
    }

    private static void assertNotFound(APIGatewayV2HTTPResponse response) {
        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("invite-not-found", error(response).path("code").asText());
    }

    /** A resend is counted with the org's creates, in the re-issue's transaction: beyond the quota, a 429. */
    @Test
    void beyondTheQuotaIsA429AndNothingChanges() {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> capped =
                Contract.checked(new ResendInviteHandler(
                fixture.withInviteQuota(new InviteQuota(1)).invitations(), fixture.clock, RequestLog.discard(),
                INTERVAL));
        String old = invite("ada@example.com");
        fixture.clock.advance(INTERVAL);
        APIGatewayV2HTTPResponse resent = capped.handleRequest(request(fixture.org, old).build(), null);
        assertEquals(201, resent.getStatusCode(), resent.getBody());
        String reissued = body(resent).at("/data/id").asText();
        fixture.clock.advance(INTERVAL);

        APIGatewayV2HTTPResponse refused = capped.handleRequest(request(fixture.org, reissued).build(), null);

        assertEquals(429, refused.getStatusCode(), refused.getBody());
        assertEquals("invite-quota-exceeded", error(refused).path("code").asText());
        assertEquals(Long.toString(Duration.ofDays(1).minus(INTERVAL).toSeconds()),
                refused.getHeaders().get("retry-after"));
        assertTrue(fixture.invitations.find(fixture.org, reissued, fixture.clock.instant()).isPresent(),
                "the invitation is as it was");
    }

    @Test
    void reissuesThePendingInvitationUnderANewIdWithANewLinkAndExpiry() {
        String old = invite("Ada@Example.com");
        IssuedInvite before = fixture.invitations.issued(fixture.org, old, fixture.clock.instant()).orElseThrow();
        fixture.clock.advance(INTERVAL);

        APIGatewayV2HTTPResponse response = resend(old);

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("application/vnd.api+json", response.getHeaders().get("content-type"));
        assertEquals("2024-10-15", response.getHeaders().get("snyk-version-served"));
        JsonNode data = body(response).path("data");
        String reissued = data.path("id").asText();
        assertNotEquals(old, reissued);
        assertEquals("/orgs/" + fixture.org + "/invites/" + reissued, response.getHeaders().get("location"));
        assertEquals("org_invitation", data.path("type").asText());
        assertEquals("Ada@Example.com", data.at("/attributes/email").asText());
        assertEquals(fixture.developer, data.at("/attributes/role").asText(), "create's answer: the role's id");
        assertEquals(fixture.org, data.at("/relationships/org/data/id").asText());

        IssuedInvite after = fixture.invitations.issued(fixture.org, reissued, fixture.clock.instant()).orElseThrow();
        // expires_at is DynamoDB TTL's epoch seconds
        assertEquals(fixture.clock.instant().plus(Fixture.TTL).getEpochSecond(), after.expiresAt().getEpochSecond());
        assertNotEquals(before.tokenNonce(), after.tokenNonce(), "the old accept link must stop working");
        assertTrue(fixture.invitations.find(fixture.org, old, fixture.clock.instant()).isEmpty(), "the old id is gone");
        assertEquals(1, fixture.invitations.list(fixture.org, PageRequest.first(10), fixture.clock.instant()).invites()
                .size(), "one invitation pending, not two");
    }

    @Test
    void theOldIdIsNotFoundOnceResent() {
        String old = invite("bob@example.com");
        fixture.clock.advance(INTERVAL);
        assertEquals(201, resend(old).getStatusCode());
        fixture.clock.advance(INTERVAL);

        assertNotFound(resend(old));
    }

    @Test
    void withinTheIntervalOfTheLatestIssueItIsTooSoonWithRetryAfterRoundedUp() {
        String id = invite("carol@example.com");
        fixture.clock.advance(Duration.ofSeconds(60).plusMillis(500));

        APIGatewayV2HTTPResponse response = resend(id);

        assertEquals(429, response.getStatusCode(), response.getBody());
        assertEquals("resend-too-soon", error(response).path("code").asText());
        assertEquals("429", error(response).path("status").asText());
        // 5 min - 60.5 s = 239.5 s: a client that waits the whole seconds it is told is not refused again.
        assertEquals("240", response.getHeaders().get("retry-after"));
        assertEquals("2024-10-15", response.getHeaders().get("snyk-version-served"));
        assertTrue(fixture.invitations.find(fixture.org, id, fixture.clock.instant()).isPresent(), "nothing changed");

        fixture.clock.advance(Duration.ofSeconds(240));
        APIGatewayV2HTTPResponse reissued = resend(id);
        assertEquals(201, reissued.getStatusCode(), reissued.getBody());

        APIGatewayV2HTTPResponse again = resend(body(reissued).at("/data/id").asText());
        assertEquals(429, again.getStatusCode(), "the interval runs from the latest issue");
        assertEquals("300", again.getHeaders().get("retry-after"));
    }

    @Test
    void aFailedInvitationIsAConflictWhateverItsAgeAndNothingChanges() {
        String id = invite("bounce@example.com");
        DeliveryProblem bounce = new DeliveryProblem(DeliveryProblem.BOUNCED, fixture.clock.instant().plusMillis(1_250));
        fixture.invitations.recordFailure(fixture.org, id, bounce, fixture.clock.instant());
        IssuedInvite before = fixture.invitations.issued(fixture.org, id, fixture.clock.instant()).orElseThrow();

        for (Duration wait : List.of(Duration.ZERO, INTERVAL, INTERVAL.multipliedBy(10))) {
            fixture.clock.advance(wait);
            APIGatewayV2HTTPResponse response = resend(id);

            assertEquals(409, response.getStatusCode(), response.getBody());
            assertEquals("invite-failed", error(response).path("code").asText());
            assertTrue(error(response).path("detail").asText().contains("bounced at " + bounce.atText()),
                    error(response).path("detail").asText());
            assertEquals(before, fixture.invitations.issued(fixture.org, id, fixture.clock.instant()).orElseThrow());
        }
    }

    @Test
    void anUnknownInvitationIsNotFound() {
        assertNotFound(resend(UUID.randomUUID().toString()));
    }

    @Test
    void aCancelledInvitationIsNotFound() {
        String id = invite("dave@example.com");
        fixture.clock.advance(INTERVAL);
        fixture.invitations.cancel(fixture.org, id, "admin", fixture.clock.instant());

        assertNotFound(resend(id));
    }

    @Test
    void anExpiredInvitationIsNotFound() {
        String id = invite("erin@example.com");
        fixture.clock.advance(Fixture.TTL.plusSeconds(1));

        assertNotFound(resend(id));
    }

    @Test
    void anotherOrgsInvitationIsNotFoundAndUnchanged() {
        String theirs = fixture.invitations.create(fixture.otherOrg, "frank@example.com", fixture.otherOrgsRole, "them",
                fixture.clock.instant()).id();
        fixture.clock.advance(INTERVAL);

        assertNotFound(resend(theirs));
        assertEquals(404, handler.handleRequest(request(fixture.otherOrg, theirs).build(), null).getStatusCode(),
                "a token for one org resends nothing in another");
        assertTrue(fixture.invitations.find(fixture.otherOrg, theirs, fixture.clock.instant()).isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g", "%00"})
    void aMalformedInvitationIdIsABadRequest(String inviteId) {
        APIGatewayV2HTTPResponse response = resend(inviteId);

        assertEquals(400, response.getStatusCode());
        assertEquals("invite_id", error(response).at("/source/parameter").asText());
    }

    @Test
    void aBodyIsABadRequest() {
        String id = invite("gus@example.com");
        fixture.clock.advance(INTERVAL);

        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, id)
                .json("{\"data\":{}}").build(), null);

        assertEquals(400, response.getStatusCode());
        assertTrue(fixture.invitations.find(fixture.org, id, fixture.clock.instant()).isPresent(), "nothing changed");
    }

    @Test
    void withoutTheVersionOrBeforeTheFirstReleaseItIsRefused() {
        String id = invite("hal@example.com");
        fixture.clock.advance(INTERVAL);

        APIGatewayV2HTTPResponse missing = handler.handleRequest(HttpApiEvents.request("POST", ROUTE)
                .typicalHeaders().path("org_id", fixture.org).path("invite_id", id)
                .jwt("resender", fixture.org, "org.user.invite").build(), null);
        assertEquals(400, missing.getStatusCode());
        assertEquals("version", error(missing).at("/source/parameter").asText());

        APIGatewayV2HTTPResponse early = handler.handleRequest(HttpApiEvents.request("POST", ROUTE)
                .typicalHeaders().path("org_id", fixture.org).path("invite_id", id).query("version", "2024-10-14")
                .jwt("resender", fixture.org, "org.user.invite").build(), null);
        assertEquals(404, early.getStatusCode());
        assertEquals("version-not-found", error(early).path("code").asText());
        assertTrue(fixture.invitations.find(fixture.org, id, fixture.clock.instant()).isPresent(), "nothing changed");
    }

    @Test
    void withoutTheInvitePermissionTheCallerIsForbidden() {
        String id = invite("ida@example.com");
        fixture.clock.advance(INTERVAL);

        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, id)
                .jwt("viewer", fixture.org, "org.read", "org.user.read").build(), null);

        assertEquals(403, response.getStatusCode());
        assertTrue(fixture.invitations.find(fixture.org, id, fixture.clock.instant()).isPresent(), "nothing changed");
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, invite("jo@example.com"))
                .jwt((java.util.Map<String, ?>) null).build(), null);

        assertEquals(401, response.getStatusCode());
    }
}
