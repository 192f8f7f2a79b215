package dev.orginvites.accept;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.testkit.Base64UrlSpellings;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.Invitees;
import dev.orginvites.testkit.MemoryFixture;
import dev.orginvites.shared.token.AcceptTokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every status accepting answers, through {@code handleRequest} on the in-memory store: milliseconds, beside the
 * tests on the emulator ({@link AcceptInviteHandlerTest}).
 */
class AcceptInviteHandlerSliceTest {
    private final MemoryFixture fixture = new MemoryFixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new AcceptInviteHandler(fixture.invitations, fixture.memberships, new AcceptTokens(fixture.tokenKeys), fixture.clock,
                    RequestLog.discard()));
    private final String invite = fixture.invitations.create(fixture.org, "ada@example.com", fixture.role, "inviter",
            fixture.clock.instant()).id();
    private final String token = Invitees.token(fixture.store, fixture.tokenKeys, fixture.org, invite,
            fixture.clock.instant());

    private APIGatewayV2HTTPResponse send(HttpApiEvents request) {
        return handler.handleRequest(request.build(), null);
    }

    @Test
    void theInviteeBecomesAMember() {
        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", "ada@example.com", true, token));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("auth0|ada", body(response).at("/data/relationships/user/data/id").asText());
        assertEquals(1, fixture.memberships.list(fixture.org, PageRequest.first(10)).memberships().size());
        assertEquals(0, fixture.pending());
    }

    /**
     * The membership keeps the names the invitee's token carries ({@code name}, {@code preferred_username}) when
     * they are fit to show, and the answer shows them as Snyk's user {@code name} and {@code username}; a name the
     * token lacks, or one unfit to show, is left out.
     */
    @ParameterizedTest(name = "name {0}, preferred_username {1}")
    @CsvSource(nullValues = "NULL", value = {"Ada Lovelace, ada, Ada Lovelace, ada",
        "Ada Lovelace, NULL, Ada Lovelace, NULL",
        "NULL, ada, NULL, ada", "NULL, NULL, NULL, NULL", "'  Ada  ', '\u202eada', Ada, NULL"})
    void theMembershipKeepsTheNamesTheTokenCarries(String name, String username, String keptName,
            String keptUsername) {
        Map<String, Object> claims = new LinkedHashMap<>(Map.of("iss", "https://issuer.example.com/",
                "aud", "org-invites", "sub", "auth0|ada", "email", "ada@example.com", "email_verified", true));
        if (name != null) {
            claims.put("name", name);
        }
        if (username != null) {
            claims.put("preferred_username", username);
        }

        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", "ada@example.com", true, token)
                .jwt(claims));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals(new UserNames(keptName, keptUsername), fixture.memberships.ofUser(fixture.org, "auth0|ada")
                .orElseThrow().userNames());
        JsonNode user = body(response).at("/data/relationships/user/data/attributes");
        assertEquals(keptName, user.has("name") ? user.get("name").asText() : null, user.toString());
        assertEquals(keptUsername, user.has("username") ? user.get("username").asText() : null, user.toString());
        assertEquals("ada@example.com", user.path("email").asText());
    }

    @Test
    void aDocumentWithoutATokenIsABadRequest() {
        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", "ada@example.com", true, token)
                .json("{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{}}}"));

        assertEquals(400, response.getStatusCode());
        assertEquals("/data/attributes/token", error(response).at("/source/pointer").asText());
    }

    @Test
    void anotherAddressIsForbidden() {
        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|eve", "eve@example.com", true, token));

        assertEquals(403, response.getStatusCode());
        assertEquals("email-mismatch", error(response).path("code").asText());
        assertEquals(1, fixture.pending());
    }

    @Test
    void anUnverifiedAddressIsForbidden() {
        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", "ada@example.com", false, token));

        assertEquals(403, response.getStatusCode());
        assertEquals("email-not-verified", error(response).path("code").asText());
    }

    @Test
    void aTokenThatNamesNoPendingInvitationIsNotFound() {
        fixture.invitations.cancel(fixture.org, invite, "admin", fixture.clock.instant());

        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", "ada@example.com", true, token));

        assertEquals(404, response.getStatusCode());
        assertEquals("invite-not-found", error(response).path("code").asText());
    }

    @Test
    void aTokenSpelledOtherwiseThanTheApiIssuedItIsNotFound() {
        for (String spelling : Base64UrlSpellings.nonCanonical(token)) {
            APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", "ada@example.com", true, spelling));

            assertEquals(404, response.getStatusCode(), spelling);
            assertEquals("invite-not-found", error(response).path("code").asText(), spelling);
        }
        assertEquals(1, fixture.pending());
        assertEquals(201, send(Invitees.accept("auth0|ada", "ada@example.com", true, token)).getStatusCode(),
                "the token as issued still works");
    }

    /**
     * The invitation's address, the caller's verified address, and the answer: 201 when the two name one mailbox
     * (ASCII letters fold in the local part; the domain compares in its IDNA ASCII form), else 403 with the code.
     */
    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("kelvin@example.com", "\u212Aelvin@example.com", 403, "email-mismatch"),
                Arguments.of("ida@example.com", "\u0130da@example.com", 403, "email-mismatch"),
                Arguments.of("grace@example.com", "\uFF47race@example.com", 403, "email-mismatch"),
                Arguments.of("grace@example.com", "\uFF27RACE@example.com", 403, "email-mismatch"),
                Arguments.of("grace@example.com", "grace@example.com\u0001", 403, "email-invalid"),
                Arguments.of("grace@example.com", "\u0000grace@example.com", 403, "email-invalid"),
                Arguments.of("grace@example.com", "grace@example.com\t", 403, "email-invalid"),
                Arguments.of("grace@example.com", "grace\u200B@example.com", 403, "email-invalid"),
                Arguments.of("grace@example.com", "grace@example.com\u202E", 403, "email-invalid"),
                Arguments.of("ada@fass.example", "ada@fa\u00DF.example", 403, "email-invalid"),
                Arguments.of("ada@xn--bcher-kva.example", "ada@b\u00FCcher.example", 201, null),
                Arguments.of("ada@b\u00FCcher.example", "ADA@XN--BCHER-KVA.example", 201, null),
                Arguments.of("Ada.Lovelace@Example.com", " ada.lovelace@EXAMPLE.COM ", 201, null));
    }

    @ParameterizedTest
    @MethodSource("addresses")
    void theCallersAddressMustNameTheInvitationsMailbox(String invited, String callers, int status, String code) {
        String id = fixture.invitations.create(fixture.org, invited, fixture.role, "inviter", fixture.clock.instant()).id();
        String invitedToken = Invitees.token(fixture.store, fixture.tokenKeys, fixture.org, id,
                fixture.clock.instant());

        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|someone", callers, true, invitedToken));

        assertEquals(status, response.getStatusCode(), response.getBody());
        if (code != null) {
            assertEquals(code, error(response).path("code").asText());
            assertEquals(2, fixture.pending(), "nothing accepted");
        } else {
            assertEquals(1, fixture.pending());
        }
    }

    @Test
    void aMemberAlreadyIsAConflict() {
        Invitees.member(fixture.store, fixture.org, fixture.role, "ada.old@example.com", "auth0|ada",
                fixture.clock.instant());

        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", "ada@example.com", true, token));

        assertEquals(409, response.getStatusCode());
        assertEquals("already-a-member", error(response).path("code").asText());
        assertEquals(1, fixture.pending(), "the invitation stays pending");
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = send(Invitees.accept("auth0|ada", "ada@example.com", true, token)
                .jwt((java.util.Map<String, ?>) null));

        assertEquals(401, response.getStatusCode());
        assertTrue(body(response).has("errors"));
    }
}
