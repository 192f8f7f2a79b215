package dev.orginvites.accept;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.devkit.MailServices;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.Invitees;
import dev.orginvites.testkit.TestTokenKeys;
import dev.orginvites.shared.token.AcceptToken;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Accepting an invitation, on the emulator, through {@code handleRequest}: every status and the order of the checks
 * (body, then the token, then the caller's address, then membership), each answer held to the contract.
 */
@EmulatorTest
class AcceptInviteHandlerTest {
    private static final String ADA = "Ada.Lovelace@Example.com";

    private final Fixture fixture = new Fixture();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new AcceptInviteHandler(fixture.invitations, fixture.memberships, new AcceptTokens(fixture.tokenKeys), fixture.clock,
                    new RequestLog(new PrintStream(logged, true, StandardCharsets.UTF_8))));
    private final String invite = fixture.invitations.create(fixture.org, ADA, fixture.developer, "auth0|inviter",
            fixture.clock.instant()).id();

    private String token() {
        return Invitees.token(fixture.store, fixture.tokenKeys, fixture.org, invite, fixture.clock.instant());
    }

    private APIGatewayV2HTTPResponse send(HttpApiEvents request) {
        return handler.handleRequest(request.build(), null);
    }

    private APIGatewayV2HTTPResponse accept(String sub, String email, Boolean verified, String token) {
        return send(Invitees.accept(sub, email, verified, token));
    }

    private boolean pending() {
        return fixture.invitations.find(fixture.org, invite, fixture.clock.instant()).isPresent();
    }

    private List<Membership> members() {
        return fixture.memberships.list(fixture.org, PageRequest.first(100)).memberships();
    }

    @Test
    void theInviteeJoinsWithTheInvitationsRoleAndTheInvitationIsGone() {
        Instant now = fixture.clock.instant();

        APIGatewayV2HTTPResponse response = accept("auth0|ada", ADA, true, token());

        assertEquals(201, response.getStatusCode(), response.getBody());
        JsonNode data = body(response).path("data");
        assertEquals("org_membership", data.path("type").asText());
        assertEquals(fixture.org, data.at("/relationships/org/data/id").asText());
        assertEquals(fixture.developer, data.at("/relationships/role/data/id").asText());
        assertEquals("Developer", data.at("/relationships/role/data/attributes/name").asText());
        assertEquals("auth0|ada", data.at("/relationships/user/data/id").asText());
        assertEquals(ADA, data.at("/relationships/user/data/attributes/email").asText());
        assertEquals(now, Instant.parse(data.at("/attributes/created_at").asText()));
        assertFalse(response.getHeaders().containsKey("location"), "no route reads one membership");
        assertEquals("2024-10-15", response.getHeaders().get("snyk-version-served"));
        assertFalse(pending(), "an accepted invitation is no longer pending");
        List<Membership> members = members();
        assertEquals(1, members.size());
        assertEquals(data.path("id").asText(), members.get(0).id());
        assertEquals("auth0|inviter", members.get(0).invitedBy());
        assertEquals(invite, members.get(0).inviteId());
    }

    /**
     * Deployed, the keys are the template's secret: the mailer derives the token with what it reads, and the handler
     * reads the secret itself on its first request.
     */
    @Test
    void aTokenDerivedFromTheSecretInSecretsManagerIsAccepted() {
        try (SecretsManagerClient secrets = MailServices.secrets(Fixture.endpoint())) {
            String secret = MailServices.createTokenSecret(secrets);
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> fromSecret = Contract.checked(
                    new AcceptInviteHandler(fixture.invitations, fixture.memberships, new AcceptTokens(new SecretsManagerTokenKeys(secrets, secret,
                            fixture.clock)), fixture.clock, RequestLog.discard()));
            String token = Invitees.token(fixture.store, new SecretsManagerTokenKeys(secrets, secret, fixture.clock),
                    fixture.org, invite, fixture.clock.instant());

            assertEquals(404, fromSecret.handleRequest(Invitees.accept("auth0|ada", ADA, true, token()).build(), null)
                    .getStatusCode(), "a token under another key");
            assertEquals(201, fromSecret.handleRequest(Invitees.accept("auth0|ada", ADA, true, token).build(), null)
                    .getStatusCode());
        }
    }

    @Test
    void theAddressesCompareTrimmedAndInAnyCase() {
        assertEquals(201, accept("auth0|ada", "  ada.lovelace@EXAMPLE.COM ", true, token()).getStatusCode());
    }

    @Test
    void aTokenWorksOnce() {
        String token = token();
        assertEquals(201, accept("auth0|ada", ADA, true, token).getStatusCode());

        APIGatewayV2HTTPResponse again = accept("auth0|ada-second-account", ADA, true, token);

        assertEquals(404, again.getStatusCode(), again.getBody());
        assertEquals(1, members().size());
    }

    /** What makes a token name no pending invitation, or not be one this API issued: one answer for all. */
    static Stream<Arguments> tokensThatDoNotWork() {
        return Stream.of(
                Arguments.of("not a token at all", (Function<AcceptInviteHandlerTest, String>) t -> "hello"),
                Arguments.of("one character short", (Function<AcceptInviteHandlerTest, String>) t ->
                        t.token().substring(1)),
                Arguments.of("a MAC with one bit flipped", (Function<AcceptInviteHandlerTest, String>) t ->
                        tampered(t.token(), AcceptToken.LENGTH * 3 / 4 - 1)),
                Arguments.of("another invitation's id", (Function<AcceptInviteHandlerTest, String>) t -> {
                    AcceptToken real = AcceptToken.decode(t.token()).orElseThrow();
                    return new AcceptToken(real.orgId(), UUID.randomUUID().toString(), real.mac()).encode();
                }),
                Arguments.of("another org", (Function<AcceptInviteHandlerTest, String>) t -> {
                    AcceptToken real = AcceptToken.decode(t.token()).orElseThrow();
                    return new AcceptToken(t.fixture.otherOrg, real.inviteId(), real.mac()).encode();
                }),
                Arguments.of("issued under another key", (Function<AcceptInviteHandlerTest, String>) t ->
                        Invitees.token(t.fixture.store, new TestTokenKeys(), t.fixture.org, t.invite,
                                t.fixture.clock.instant())),
                Arguments.of("of a cancelled invitation", (Function<AcceptInviteHandlerTest, String>) t -> {
                    String token = t.token();
                    t.fixture.invitations.cancel(t.fixture.org, t.invite, "admin", t.fixture.clock.instant());
                    return token;
                }),
                Arguments.of("of an expired invitation", (Function<AcceptInviteHandlerTest, String>) t -> {
                    String token = t.token();
                    t.fixture.clock.advance(Fixture.TTL.plusSeconds(1));
                    return token;
                }),
                Arguments.of("of an earlier issue, before a resend", (Function<AcceptInviteHandlerTest, String>) t -> {
                    String token = t.token();
                    t.fixture.clock.advance(Duration.ofMinutes(10));
                    t.fixture.invitations.resend(t.fixture.org, t.invite, "admin", Duration.ofMinutes(5),
                            t.fixture.clock.instant()).orElseThrow();
                    return token;
                }));
    }

    /** The token with one bit of the byte at {@code index} of its decoded form flipped. */
    private static String tampered(String token, int index) {
        byte[] raw = Base64.getUrlDecoder().decode(token);
        raw[index] ^= 1;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokensThatDoNotWork")
    void aTokenThatDoesNotWorkIsNotFoundWhateverTheReason(String reason,
            Function<AcceptInviteHandlerTest, String> token) {
        String presented = token.apply(this);
        // The caller's address is not the invitation's: the token is judged first, so this is never a 403.
        APIGatewayV2HTTPResponse response = accept("auth0|eve", "eve@example.com", true, presented);

        assertEquals(404, response.getStatusCode(), response.getBody());
        JsonNode error = error(response);
        assertEquals("invite-not-found", error.path("code").asText());
        assertEquals("No pending invitation has this token: it may have been accepted, cancelled, resent or expired.",
                error.path("detail").asText(), "one detail for every reason");
        assertTrue(members().isEmpty());
    }

    @Test
    void aTokenIssuedBeforeTheKeyRotatedStillWorks() {
        String token = token();
        fixture.tokenKeys.rotate();

        assertEquals(201, accept("auth0|ada", ADA, true, token).getStatusCode());
    }

    /** A caller whose token does not vouch for the invitation's address: missing, unverified or another. */
    static Stream<Arguments> callersWhoAreNotTheInvitee() {
        return Stream.of(
                Arguments.of("no email claim", null, null, "email-not-verified"),
                Arguments.of("email not verified", ADA, false, "email-not-verified"),
                Arguments.of("no email_verified claim", ADA, null, "email-not-verified"),
                Arguments.of("another address, verified", "eve@example.com", true, "email-mismatch"),
                Arguments.of("the address with more to it", "ada.lovelace@example.com.evil.test", true,
                        "email-mismatch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callersWhoAreNotTheInvitee")
    void aCallerWhoIsNotTheInviteeIsForbiddenAndNothingChanges(String reason, String email, Boolean verified,
            String code) {
        APIGatewayV2HTTPResponse response = accept("auth0|someone", email, verified, token());

        assertEquals(403, response.getStatusCode(), response.getBody());
        assertEquals(code, error(response).path("code").asText());
        assertFalse(error(response).path("detail").asText().contains("@"), "the invitation's address never shows");
        assertTrue(pending());
        assertTrue(members().isEmpty());
    }

    /** A member is keyed by user id, and a key has a size limit: a longer sub is refused, never a 500. */
    @Test
    void aSubTooLongToKeyAMemberIsForbiddenAndOneAtTheLimitJoins() {
        String tooLong = "é".repeat(501); // 1,002 bytes
        APIGatewayV2HTTPResponse refused = accept(tooLong, ADA, true, token());

        assertEquals(403, refused.getStatusCode(), refused.getBody());
        assertEquals("user-id-too-long", error(refused).path("code").asText());
        assertTrue(pending());

        String atTheLimit = "é".repeat(500); // 1,000 bytes
        APIGatewayV2HTTPResponse joined = accept(atTheLimit, ADA, true, token());
        assertEquals(201, joined.getStatusCode(), joined.getBody());
        assertEquals(atTheLimit, members().get(0).userId());
    }

    @Test
    void emailVerifiedAsALambdaAuthorizerPassesItIsABoolean() {
        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", ADA, true, token())
                .jwt((Map<String, ?>) null).lambdaAuthorizer(Map.of("sub", "auth0|ada", "email", ADA,
                        "email_verified", true)));

        assertEquals(201, response.getStatusCode(), response.getBody());
    }

    @Test
    void aMemberAlreadyIsAConflictAndTheInvitationStaysPending() {
        Invitees.member(fixture.store, fixture.org, fixture.admin, "ada.work@example.com", "auth0|ada",
                fixture.clock.instant());

        APIGatewayV2HTTPResponse response = accept("auth0|ada", ADA, true, token());

        assertEquals(409, response.getStatusCode(), response.getBody());
        assertEquals("already-a-member", error(response).path("code").asText());
        assertTrue(pending());
        assertEquals(1, members().size());
    }

    @Test
    void aMembershipOfAnotherOrgIsNoConflict() {
        fixture.directory.putRole(fixture.otherOrg, fixture.otherOrgsRole, "Collaborator");
        Invitees.member(fixture.store, fixture.otherOrg, fixture.otherOrgsRole, "ada@example.com", "auth0|ada",
                fixture.clock.instant());

        assertEquals(201, accept("auth0|ada", ADA, true, token()).getStatusCode());
    }

    /** Bodies that are not an acceptance document, and where each error points. */
    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{}}}",
                        "/data/attributes/token"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":null}}}",
                        "/data/attributes/token"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":\"\"}}}",
                        "/data/attributes/token"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":42}}}",
                        "/data/attributes/token"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":[\"t\"]}}}",
                        "/data/attributes/token"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":\"t\","
                        + "\"email\":\"ada@example.com\"}}}", "/data/attributes/email"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"token\":\"t\"}}}",
                        "/data/type"),
                Arguments.of("{\"data\":{\"attributes\":{\"token\":\"t\"}}}", "/data/type"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation_acceptance\"}}", "/data/attributes"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":\"t\"},"
                        + "\"relationships\":{}}}", "/data/relationships"),
                Arguments.of("{\"token\":\"t\"}", "/token"),
                Arguments.of("{\"data\":[]}", "/data"),
                Arguments.of("[]", ""),
                Arguments.of("{\"data\":", ""),
                Arguments.of("", ""));
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @MethodSource("malformedBodies")
    void aMalformedDocumentIsABadRequestPointingAtTheMember(String document, String pointer) {
        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", ADA, true, token()).json(document));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals(pointer, error(response).at("/source/pointer").asText(), response.getBody());
        assertTrue(pending());
    }

    @Test
    void anotherMediaTypeIsABadRequest() {
        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", ADA, true, token())
                .header("content-type", "application/json"));

        assertEquals(400, response.getStatusCode());
        assertEquals("unsupported-media-type", error(response).path("code").asText());
    }

    /** The invitee's request, with {@code version} as given (none when null). */
    private HttpApiEvents versioned(String version) {
        HttpApiEvents request = HttpApiEvents.request("POST", Invitees.ACCEPT_ROUTE).typicalHeaders()
                .jwt(Map.of("sub", "auth0|ada", "email", ADA, "email_verified", true))
                .json(Invitees.acceptance(token()));
        return version == null ? request : request.query("version", version);
    }

    @Test
    void aMissingOrUnknownVersionIsRefusedAndALaterDateIsServed() {
        APIGatewayV2HTTPResponse missing = send(versioned(null));
        APIGatewayV2HTTPResponse tooOld = send(versioned("2024-10-14"));

        assertEquals(400, missing.getStatusCode());
        assertEquals("version", error(missing).at("/source/parameter").asText());
        assertEquals(404, tooOld.getStatusCode());
        assertEquals("version-not-found", error(tooOld).path("code").asText());
        assertTrue(pending());
        APIGatewayV2HTTPResponse later = send(versioned("2025-01-01"));
        assertEquals(201, later.getStatusCode(), later.getBody());
        assertEquals("2024-10-15", later.getHeaders().get("snyk-version-served"));
    }

    @Test
    void anUnknownQueryParameterIsABadRequest() {
        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", ADA, true, token())
                .query("org_id", fixture.org));

        assertEquals(400, response.getStatusCode());
        assertEquals("org_id", error(response).at("/source/parameter").asText());
    }

    @Test
    void theLogHoldsNeitherTheTokenNorAnAddress() {
        String token = token();
        accept("auth0|ada", ADA, true, token);
        accept("auth0|eve", "eve@example.com", true, token);

        String log = logged.toString(StandardCharsets.UTF_8);
        assertEquals(2, log.lines().count(), log);
        assertFalse(log.contains(token.substring(0, 16)), log);
        assertFalse(log.contains("@"), log);
        assertTrue(log.contains("\"route\":\"POST /invites/accept\""), log);
    }
}
