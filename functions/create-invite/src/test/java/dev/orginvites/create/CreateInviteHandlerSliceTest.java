package dev.orginvites.create;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.MemoryFixture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every status a create answers, through {@code handleRequest} on the in-memory store: milliseconds, beside the
 * tests on the emulator ({@link CreateInviteHandlerTest}).
 */
class CreateInviteHandlerSliceTest {
    private static final String ROUTE = "/orgs/{org_id}/invites";
    private final MemoryFixture fixture = new MemoryFixture();
    private final String org = fixture.org;
    private final String role = fixture.role;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
            Contract.checked(new CreateInviteHandler(fixture.invitations, fixture.idempotencyKeys, fixture.clock, RequestLog.discard()));

    private HttpApiEvents request(String email, String roleId, String... permissions) {
        return HttpApiEvents.request("POST", ROUTE).typicalHeaders().path("org_id", org).query("version", "2024-10-15")
                .jwt("admin-1", org, permissions).json(Fixture.invitation(escaped(email), roleId));
    }

    /** The address as a JSON string's content, every character outside printable ASCII escaped. */
    private static String escaped(String email) {
        StringBuilder json = new StringBuilder();
        for (char c : email.toCharArray()) {
            json.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf(c)
                    : String.format("\\u%04x", (int) c));
        }
        return json.toString();
    }

    private APIGatewayV2HTTPResponse create(HttpApiEvents request) {
        return handler.handleRequest(request.build(), null);
    }

    @Test
    void createsAnInvitation() {
        APIGatewayV2HTTPResponse response = create(request("Ada@Example.com", role, "org.user.invite"));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("Ada@Example.com", body(response).path("data").path("attributes").path("email").asText());
        assertEquals(1, fixture.pending());
    }

    /**
     * The invitation keeps the inviter's {@code name} claim for its email, with or without an idempotency key, when
     * the token carries one fit to show; nothing else of the token's names.
     */
    @ParameterizedTest(name = "name {0}, key {1}")
    @CsvSource(nullValues = "NULL", value = {"Grace Hopper, NULL, Grace Hopper", "Grace Hopper, k-1, Grace Hopper",
        "NULL, NULL, NULL", "'  ', NULL, NULL", "NULL, k-2, NULL"})
    void theInvitationKeepsTheInvitersName(String name, String key, String kept) {
        Map<String, Object> claims = new LinkedHashMap<>(Map.of("iss", "https://issuer.example.com/",
                "aud", "org-invites", "sub", "admin-1", "org_id", org, "permissions", List.of("org.user.invite"),
                "preferred_username", "grace"));
        if (name != null) {
            claims.put("name", name);
        }
        HttpApiEvents request = request("ada@example.com", role).jwt(claims);
        if (key != null) {
            request.header("idempotency-key", key);
        }

        APIGatewayV2HTTPResponse response = create(request);

        assertEquals(201, response.getStatusCode(), response.getBody());
        String id = body(response).path("data").path("id").asText();
        IssuedInvite issued = fixture.invitations.issued(org, id, fixture.clock.instant()).orElseThrow();
        assertEquals(kept, issued.inviterName());
        assertEquals("admin-1", issued.invitedBy());
    }

    /**
     * On a named stage (the template's BasePath {@code /rest} is the stage {@code rest}) every path the answer names
     * starts with the stage, as the path the client called did: {@code location}, {@code links.self} and the org's
     * {@code related} link. The contract's paths are the server's, so this request is not held to it.
     */
    @Test
    void onANamedStageTheLocationAndLinksStartWithTheBasePath() {
        APIGatewayV2HTTPResponse response = new CreateInviteHandler(fixture.invitations, fixture.idempotencyKeys,
                fixture.clock, RequestLog.discard())
                .handleRequest(request("ada@example.com", role, "org.user.invite").stage("rest").build(), null);

        assertEquals(201, response.getStatusCode(), response.getBody());
        String id = body(response).path("data").path("id").asText();
        assertEquals("/rest/orgs/" + org + "/invites/" + id, response.getHeaders().get("location"));
        assertEquals("/rest/orgs/" + org + "/invites/" + id, body(response).path("links").path("self").asText());
        assertEquals("/rest/orgs/" + org, body(response).at("/data/relationships/org/links/related").asText());
    }

    @Test
    void onTheDefaultStageTheLocationAndLinksStartAtTheRoot() {
        APIGatewayV2HTTPResponse response = create(request("ada@example.com", role, "org.user.invite"));

        String id = body(response).path("data").path("id").asText();
        assertEquals("/orgs/" + org + "/invites/" + id, response.getHeaders().get("location"));
        assertEquals("/orgs/" + org + "/invites/" + id, body(response).path("links").path("self").asText());
        assertEquals("/orgs/" + org, body(response).at("/data/relationships/org/links/related").asText());
    }

    /**
     * Beyond the org's quota, a 429 with Snyk's headers and {@code retry-after} in whole seconds, rounded up, until
     * the oldest send counted is 24 hours old; then a create passes again.
     */
    @Test
    void beyondTheQuotaIsA429WithRetryAfterUntilTheOldestSendLeavesTheWindow() {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> capped =
                Contract.checked(new CreateInviteHandler(
                fixture.store.withInviteQuota(new InviteQuota(2)), fixture.idempotencyKeys, fixture.clock,
                RequestLog.discard()));
        assertEquals(201, capped.handleRequest(request("ada@example.com", role, "org.user.invite").build(), null)
                .getStatusCode());
        assertEquals(201, capped.handleRequest(request("bob@example.com", role, "org.user.invite").build(), null)
                .getStatusCode());
        fixture.clock.advance(Duration.ofHours(1).plusMillis(500));

        APIGatewayV2HTTPResponse refused = capped.handleRequest(request("carol@example.com", role, "org.user.invite")
                .build(), null);

        assertEquals(429, refused.getStatusCode(), refused.getBody());
        assertEquals("invite-quota-exceeded", error(refused).path("code").asText());
        assertEquals(Long.toString(Duration.ofHours(23).toSeconds()), refused.getHeaders().get("retry-after"),
                "23 hours less half a second, rounded up");
        assertEquals("2024-06-21", refused.getHeaders().get("snyk-version-served"), "the release that refused");
        assertEquals(2, fixture.pending());
        fixture.clock.advance(Duration.ofHours(23).minusMillis(500));
        assertEquals(201, capped.handleRequest(request("carol@example.com", role, "org.user.invite").build(), null)
                .getStatusCode());
    }

    @Test
    void aSecondInvitationForTheAddressIsAConflict() {
        create(request("ada@example.com", role, "org.user.invite"));

        APIGatewayV2HTTPResponse response = create(request(" ADA@example.com", role, "org.user.invite"));

        assertEquals(409, response.getStatusCode(), response.getBody());
        assertEquals("invite-already-pending", error(response).path("code").asText());
        assertEquals(1, fixture.pending());
    }

    @Test
    void anExpiredInvitationDoesNotBlockANewOne() {
        create(request("ada@example.com", role, "org.user.invite"));
        fixture.clock.advance(Fixture.TTL);

        assertEquals(201, create(request("ada@example.com", role, "org.user.invite")).getStatusCode());
    }

    @Test
    void anUnknownRoleIsABadRequest() {
        APIGatewayV2HTTPResponse response = create(request("ada@example.com", UUID.randomUUID().toString(),
                "org.user.invite"));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("role-not-found", error(response).path("code").asText());
        assertEquals(0, fixture.pending());
    }

    @Test
    void aBadAddressIsABadRequest() {
        assertEquals(400, create(request("not an address", role, "org.user.invite")).getStatusCode());
        assertEquals(0, fixture.pending());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com\u0001", "\u0000ada@example.com", "ada@example.com\t",
            "ada\u200B@example.com", "ada@exam\u202Eple.com", "ada@example.com\u2028", "\uFEFFada@example.com"})
    void anAddressWithAControlOrFormatCharacterIsABadRequestThatPointsAtIt(String email) {
        APIGatewayV2HTTPResponse response = create(request(email, role, "org.user.invite"));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("email-invalid-character", error(response).path("code").asText());
        assertEquals("/data/attributes/email", error(response).at("/source/pointer").asText());
        assertEquals(0, fixture.pending());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u212Aelvin@example.com", "\uFF41da@example.com", "\u0130da@example.com",
            "ada@fa\u00DF.example", "ada@b\u00FCcher", "ada@-b\u00FCcher.example"})
    void anAddressOutsideTheRuleIsABadRequestThatPointsAtIt(String email) {
        APIGatewayV2HTTPResponse response = create(request(email, role, "org.user.invite"));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("/data/attributes/email", error(response).at("/source/pointer").asText());
        assertEquals(0, fixture.pending());
    }

    @Test
    void anInternationalizedDomainIsTheSameMailboxAsItsAsciiForm() {
        APIGatewayV2HTTPResponse created = create(request("Ada@B\u00FCcher.example", role, "org.user.invite"));
        assertEquals(201, created.getStatusCode(), created.getBody());
        assertEquals("Ada@B\u00FCcher.example", body(created).at("/data/attributes/email").asText(),
                "the address is shown as given");

        APIGatewayV2HTTPResponse again = create(request("ada@xn--bcher-kva.EXAMPLE", role, "org.user.invite"));

        assertEquals(409, again.getStatusCode(), again.getBody());
        assertEquals("invite-already-pending", error(again).path("code").asText());
        assertEquals(1, fixture.pending());
    }

    @Test
    void withoutTheInvitePermissionTheCallerIsForbidden() {
        assertEquals(403, create(request("ada@example.com", role, "org.read")).getStatusCode());
        assertEquals(0, fixture.pending());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("POST", ROUTE)
                .typicalHeaders().path("org_id", org).query("version", "2024-10-15")
                .json(Fixture.invitation("ada@example.com", role)).build(), null);

        assertEquals(401, response.getStatusCode());
        assertEquals(0, fixture.pending());
    }

    @Test
    void anOrgTheTokenIsNotScopedToIsNotFound() {
        APIGatewayV2HTTPResponse response = create(request("ada@example.com", role, "org.user.invite")
                .jwt("admin-1", UUID.randomUUID().toString(), "org.user.invite"));

        assertEquals(404, response.getStatusCode());
        assertEquals(0, fixture.pending());
    }
}
