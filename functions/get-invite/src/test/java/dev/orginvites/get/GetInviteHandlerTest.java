package dev.orginvites.get;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer of a read of one invitation, through {@code handleRequest} on the DynamoDB emulator. */
@EmulatorTest
class GetInviteHandlerTest {
    private static final String ROUTE = "/orgs/{org_id}/invites/{invite_id}";
    /** The newest release, which is GA; {@link GetFailedInviteSliceTest} reads every release. */
    private static final String VERSION = "2026-12-04";

    private final Fixture fixture = new Fixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
            Contract.checked(new GetInviteHandler(fixture.invitations, fixture.clock, RequestLog.discard()));

    private String invite(String org, String role, String email) {
        return fixture.invitations.create(org, email, role, "inviter", fixture.clock.instant()).id();
    }

    private HttpApiEvents request(String org, String inviteId) {
        return request(org, inviteId, VERSION);
    }

    private HttpApiEvents request(String org, String inviteId, String version) {
        return HttpApiEvents.request("GET", ROUTE).typicalHeaders().path("org_id", org).path("invite_id", inviteId)
                .query("version", version).jwt("viewer", fixture.org, "org.read", "org.user.read");
    }

    private APIGatewayV2HTTPResponse get(String inviteId) {
        return handler.handleRequest(request(fixture.org, inviteId).build(), null);
    }

    private static void assertNotFound(APIGatewayV2HTTPResponse response) {
        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("invite-not-found", error(response).path("code").asText());
    }

    @Test
    void readsAPendingInvitationWithItsRoleByNameAndItsOwnLink() {
        fixture.directory.putRole(fixture.org, fixture.developer, "Developer");
        String id = invite(fixture.org, fixture.developer, "Ada@Example.com");

        APIGatewayV2HTTPResponse response = get(id);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("application/vnd.api+json", response.getHeaders().get("content-type"));
        assertEquals(VERSION, response.getHeaders().get("snyk-version-served"));
        assertEquals("ga", response.getHeaders().get("snyk-version-lifecycle-stage"));
        JsonNode data = body(response).path("data");
        assertEquals(id, data.path("id").asText());
        assertEquals("org_invitation", data.path("type").asText());
        assertEquals("Ada@Example.com", data.at("/attributes/email").asText());
        assertEquals("Developer", data.at("/attributes/role").asText());
        assertEquals(true, data.at("/attributes/is_active").asBoolean());
        assertEquals(List.of("email", "is_active", "role"), attributeNames(data), "no failure: none shown");
        assertEquals(fixture.org, data.at("/relationships/org/data/id").asText());
        assertEquals("/orgs/" + fixture.org + "/invites/" + id, body(response).at("/links/self").asText());
    }

    private static List<String> attributeNames(JsonNode resource) {
        List<String> names = new ArrayList<>();
        resource.path("attributes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The failure DynamoDB keeps is read back and shown by 2026-12-04 only; 2024-10-15 answers Snyk's attributes
     * ({@link GetFailedInviteSliceTest} has every release and reason on the in-memory store).
     */
    @Test
    void aFailedInvitationShowsItsFailureIn20261204AndNotIn20241015() {
        fixture.directory.putRole(fixture.org, fixture.developer, "Developer");
        String id = invite(fixture.org, fixture.developer, "bounce@example.com");
        Instant at = fixture.clock.instant().minusMillis(1_500);
        assertEquals(DeliveryProblem.Recorded.RECORDED, fixture.invitations.recordFailure(fixture.org, id,
                new DeliveryProblem(DeliveryProblem.COMPLAINED, at), fixture.clock.instant()));

        APIGatewayV2HTTPResponse newest = get(id);
        APIGatewayV2HTTPResponse snyks = handler.handleRequest(request(fixture.org, id, "2024-10-15").build(),
                null);

        assertEquals(200, newest.getStatusCode(), newest.getBody());
        JsonNode attributes = body(newest).at("/data/attributes");
        assertEquals(new DeliveryProblem(DeliveryProblem.COMPLAINED, at).atText(),
                attributes.path("failed_at").asText());
        assertEquals("complained", attributes.path("failed_reason").asText());
        assertEquals(200, snyks.getStatusCode(), snyks.getBody());
        assertEquals("2024-10-15", snyks.getHeaders().get("snyk-version-served"));
        assertEquals(List.of("email", "is_active", "role"), attributeNames(body(snyks).path("data")));
    }

    @Test
    void upperCaseIdsNameTheSameInvitationAndTheLinkIsCanonical() {
        String id = invite(fixture.org, fixture.developer, "bob@example.com");

        APIGatewayV2HTTPResponse response = handler.handleRequest(
                request(fixture.org.toUpperCase(), id.toUpperCase()).build(), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("/orgs/" + fixture.org + "/invites/" + id, body(response).at("/links/self").asText());
    }

    @Test
    void anUnknownInvitationIsNotFound() {
        assertNotFound(get(UUID.randomUUID().toString()));
    }

    @Test
    void aCancelledInvitationIsNotFound() {
        String id = invite(fixture.org, fixture.developer, "carol@example.com");
        fixture.invitations.cancel(fixture.org, id, "admin", fixture.clock.instant());

        assertNotFound(get(id));
    }

    @Test
    void anExpiredInvitationIsNotFound() {
        String id = invite(fixture.org, fixture.developer, "dave@example.com");
        fixture.clock.advance(Fixture.TTL.minus(Duration.ofSeconds(1)));
        assertEquals(200, get(id).getStatusCode());

        fixture.clock.advance(Duration.ofSeconds(2));

        assertNotFound(get(id));
    }

    @Test
    void anotherOrgsInvitationIsNotFound() {
        String theirs = invite(fixture.otherOrg, fixture.otherOrgsRole, "erin@example.com");

        assertNotFound(get(theirs));
        assertEquals(404, handler.handleRequest(request(fixture.otherOrg, theirs).build(), null).getStatusCode(),
                "a token for one org reads nothing in another");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g", "%00"})
    void aMalformedInvitationIdIsABadRequest(String inviteId) {
        APIGatewayV2HTTPResponse response = get(inviteId);

        assertEquals(400, response.getStatusCode());
        assertEquals("invite_id", error(response).at("/source/parameter").asText());
    }

    @Test
    void withoutTheReadPermissionsTheCallerIsForbidden() {
        String id = invite(fixture.org, fixture.developer, "gus@example.com");

        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("GET", ROUTE).typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", id).query("version", VERSION)
                .jwt("inviter", fixture.org, "org.read", "org.user.invite").build(), null);

        assertEquals(403, response.getStatusCode());
    }

    @Test
    void aVersionBeforeTheFirstReleaseIsNotFound() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("GET", ROUTE).typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", UUID.randomUUID().toString())
                .query("version", "2024-10-14").jwt("viewer", fixture.org, "org.read", "org.user.read").build(), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("version-not-found", error(response).path("code").asText());
    }
}
