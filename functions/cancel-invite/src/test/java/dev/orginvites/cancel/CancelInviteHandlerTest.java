package dev.orginvites.cancel;

import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.PageRequest;

import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@EmulatorTest
class CancelInviteHandlerTest {
    private static final String ROUTE = "/orgs/{org_id}/invites/{invite_id}";
    private static final String VERSION = "2024-10-15";

    private final Fixture fixture = new Fixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(new CancelInviteHandler(fixture.invitations, fixture.clock,
            new RequestLog(new PrintStream(OutputStream.nullOutputStream()))));

    private String invite(String org, String role, String email) {
        return fixture.invitations.create(org, email, role, "inviter", fixture.clock.instant()).id();
    }

    private HttpApiEvents request(String org, String inviteId) {
        return HttpApiEvents.request("DELETE", ROUTE).typicalHeaders().path("org_id", org).path("invite_id", inviteId)
                .query("version", VERSION).jwt("admin-1", fixture.org, "org.user.invite");
    }

    private APIGatewayV2HTTPResponse cancel(String inviteId) {
        return handler.handleRequest(request(fixture.org, inviteId).build(), null);
    }

    private int pending(String org) {
        return fixture.invitations.list(org, PageRequest.first(100), fixture.clock.instant()).invites().size();
    }

    private Map<String, AttributeValue> item(String sk) {
        return Fixture.client().getItem(r -> r.tableName(fixture.table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("ORG#" + fixture.org), "sk", AttributeValue.fromS(sk)))).item();
    }

    @Test
    void cancelsAPendingInvitationAndKeepsAnAuditRecord() {
        String id = invite(fixture.org, fixture.developer, "Alice@Example.com");
        invite(fixture.org, fixture.developer, "bob@example.com");

        APIGatewayV2HTTPResponse response = cancel(id);

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertNull(response.getBody());
        assertNull(response.getHeaders().get("content-type"));
        assertEquals("2022-11-14", response.getHeaders().get("snyk-version-served"));
        assertEquals("ga", response.getHeaders().get("snyk-version-lifecycle-stage"));
        UUID.fromString(response.getHeaders().get("snyk-request-id"));
        assertEquals(1, pending(fixture.org));
        assertTrue(item("INVITE#" + id).isEmpty(), "the invite is gone");
        assertTrue(item("EMAIL#alice@example.com").isEmpty(), "its guard is gone");
        Map<String, AttributeValue> audit = item("CANCELLED#" + id);
        assertEquals("admin-1", audit.get("cancelled_by").s());
        assertEquals(fixture.clock.instant().toString(), audit.get("cancelled_at").s());
        assertEquals(id, audit.get("invite_id").s());
    }

    @Test
    void aCancelledInvitationIsNotFoundTheSecondTime() {
        String id = invite(fixture.org, fixture.developer, "carol@example.com");
        assertEquals(204, cancel(id).getStatusCode());

        APIGatewayV2HTTPResponse again = cancel(id);

        assertEquals(404, again.getStatusCode());
        assertEquals("invite-not-found", error(again).path("code").asText());
        assertEquals("404", error(again).path("status").asText());
    }

    @Test
    void anUnknownInvitationIsNotFound() {
        assertEquals(404, cancel(UUID.randomUUID().toString()).getStatusCode());
    }

    @Test
    void anExpiredInvitationIsNotFound() {
        String id = invite(fixture.org, fixture.developer, "dave@example.com");
        fixture.clock.advance(Fixture.TTL.plus(Duration.ofSeconds(1)));

        assertEquals(404, cancel(id).getStatusCode());
        assertTrue(item("CANCELLED#" + id).isEmpty(), "nothing was cancelled");
    }

    @Test
    void anotherOrgsInvitationIsNotFoundAndUntouched() {
        String theirs = invite(fixture.otherOrg, fixture.otherOrgsRole, "erin@example.com");

        APIGatewayV2HTTPResponse viaMyOrg = cancel(theirs);
        APIGatewayV2HTTPResponse viaTheirOrg = handler.handleRequest(request(fixture.otherOrg, theirs).build(), null);

        assertEquals(404, viaMyOrg.getStatusCode());
        assertEquals(404, viaTheirOrg.getStatusCode());
        assertEquals(1, pending(fixture.otherOrg));
    }

    @Test
    void upperCaseIdsNameTheSameInvitation() {
        String id = invite(fixture.org, fixture.developer, "fay@example.com");

        APIGatewayV2HTTPResponse response = handler.handleRequest(
                request(fixture.org.toUpperCase(), id.toUpperCase()).build(), null);

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertEquals(0, pending(fixture.org));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g", "%00"})
    void aMalformedInvitationIdIsABadRequest(String inviteId) {
        APIGatewayV2HTTPResponse response = cancel(inviteId);

        assertEquals(400, response.getStatusCode());
        assertEquals("invite_id", error(response).at("/source/parameter").asText());
    }

    @Test
    void withoutTheInvitePermissionTheCallerIsForbidden() {
        String id = invite(fixture.org, fixture.developer, "gus@example.com");

        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("DELETE", ROUTE).typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", id).query("version", VERSION)
                .jwt("viewer", fixture.org, "org.read", "org.user.read").build(), null);

        assertEquals(403, response.getStatusCode());
        assertEquals(1, pending(fixture.org));
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        String id = invite(fixture.org, fixture.developer, "hal@example.com");

        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("DELETE", ROUTE).typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", id).query("version", VERSION).build(), null);

        assertEquals(401, response.getStatusCode());
        assertEquals(1, pending(fixture.org));
    }

    @Test
    void aMissingVersionIsABadRequest() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("DELETE", ROUTE).typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", UUID.randomUUID().toString())
                .jwt("admin-1", fixture.org, "org.user.invite").build(), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("version", error(response).at("/source/parameter").asText());
    }

    @Test
    void aVersionBeforeTheFirstReleaseIsNotFound() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("DELETE", ROUTE).typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", UUID.randomUUID().toString())
                .query("version", "2022-11-13").jwt("admin-1", fixture.org, "org.user.invite").build(), null);

        assertEquals(404, response.getStatusCode());
        assertEquals("version-not-found", error(response).path("code").asText());
    }
}
