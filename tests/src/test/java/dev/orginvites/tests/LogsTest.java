package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.LambdaContext;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Invitees;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One structured JSON line per request, with what an operator needs (request ids, route, org, caller, status,
 * latency, served version, error code) and nothing a log must not hold: no email address, no token, whichever
 * channel of the request it came in.
 */
@EmulatorTest
class LogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJlLXNlY3JldA";
    private static final String VICTIM = "victim@example.com";
    /** Every route key, as logged (never a path requested): the declared operations'. */
    private static final Set<String> ROUTES = Api.OPERATIONS.keySet();

    @Test
    void oneLinePerRequestWithTheFieldsAndNoEmailOrToken() throws Exception {
        Api api = new Api();
        List<HttpApiEvents> requests = new ArrayList<>();
        requests.add(api.create("Private.Person@Example.com", api.fixture.developer));
        requests.add(api.create("private.person@example.com", api.fixture.developer));
        requests.add(api.create("someone.else@example.com", "not-a-role"));
        requests.add(api.create("third.person@example.com", api.fixture.developer).query("version", "1999-01-01"));
        requests.add(api.list());
        requests.add(api.list().jwt("viewer", api.fixture.org, "org.read"));
        requests.add(api.cancel("00000000-0000-7000-8000-000000000000"));
        requests.add(api.list().jwt((java.util.Map<String, ?>) null));
        String invitation = api.fixture.invitations.create(api.fixture.org, "Private.Invitee@Example.com",
                api.fixture.developer, "admin", api.fixture.clock.instant()).id();
        HttpApiEvents acceptance = api.accept(invitation);
        requests.add(acceptance);
        requests.add(api.accept(invitation).json(acceptance.build().getBody()));
        requests.add(api.memberships());
        List<APIGatewayV2HTTPResponse> responses = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            HttpApiEvents request = requests.get(i).header("authorization", "Bearer " + TOKEN);
            responses.add(api.send(request.build(), i % 2 == 0 ? new LambdaContext("lambda-request-" + i) : null));
        }

        String log = api.logs();
        String[] lines = log.trim().split("\n");
        assertEquals(requests.size(), lines.length, log);
        for (int i = 0; i < lines.length; i++) {
            JsonNode line = JSON.readTree(lines[i]);
            APIGatewayV2HTTPResponse response = responses.get(i);
            assertEquals(response.getHeaders().get("snyk-request-id"), line.path("request_id").asText());
            assertEquals(response.getStatusCode(), line.path("status").asInt());
            assertTrue(ROUTES.contains(line.path("route").asText()), lines[i]);
            assertTrue(line.path("latency_ms").isNumber(), lines[i]);
            assertTrue(line.path("level").asText().equals("INFO"), lines[i]);
            if (i % 2 == 0) {
                assertEquals("lambda-request-" + i, line.path("aws_request_id").asText(), lines[i]);
            } else {
                assertFalse(line.has("aws_request_id"), "no Lambda context, no Lambda request id: " + lines[i]);
            }
            if (line.path("route").asText().equals(Api.ACCEPT)) {
                assertFalse(line.has("org_id"), "the accept route names no org: " + lines[i]);
            } else if (response.getStatusCode() != 401) {
                assertEquals(api.fixture.org, line.path("org_id").asText());
                assertTrue(line.hasNonNull("sub"), lines[i]);
            }
            if (response.getStatusCode() >= 400) {
                assertEquals(response.getStatusCode() == 409 ? "invite-already-pending"
                        : JSON.readTree(response.getBody()).at("/errors/0/code").asText(),
                        line.path("error_code").asText());
            }
        }
        assertEquals("2024-06-21", JSON.readTree(lines[0]).path("version").asText());
        assertEquals(List.of(201, 404, 200), responses.subList(8, 11).stream().map(APIGatewayV2HTTPResponse::getStatusCode)
                .toList(), "the invitee joined, the token's second use found nothing, the members were listed");
        String acceptToken = JSON.readTree(acceptance.build().getBody()).at("/data/attributes/token").asText();
        for (String secret : List.of("private.person", "Private.Person", "someone.else", "third.person", "@example.com",
                TOKEN, "signature", "Invitee", "invitee@", acceptToken.substring(0, 12))) {
            assertFalse(log.contains(secret), "the log holds " + secret + ": " + log);
        }
    }

    /**
     * An address or a token in any channel (path, query names and values, headers, body, claims) stays out of the log:
     * the org is logged only as a UUID, the route as its key, and a {@code sub} that could be an address as a hash.
     */
    @Test
    void nothingThatCouldBeAnAddressOrATokenIsLoggedFromAnyChannel() throws Exception {
        Api api = new Api();
        String org = api.fixture.org;
        List<HttpApiEvents> requests = List.of(
                api.list().path("org_id", VICTIM),
                api.list().path("org_id", TOKEN),
                api.cancel(VICTIM),
                api.cancel(TOKEN),
                api.list().query(VICTIM, TOKEN),
                api.list().query("limit", VICTIM),
                api.list().query("version", VICTIM + "x".repeat(6_000)),
                api.list().header("snyk-request-id", VICTIM).header("x-forwarded-for", TOKEN)
                        .header(VICTIM, TOKEN),
                api.create(VICTIM, api.fixture.developer),
                api.create("other." + VICTIM, api.fixture.developer).json("{\"data\":{\"type\":\"org_invitation\","
                        + "\"attributes\":{\"" + VICTIM + "\":\"" + TOKEN + "\"}}}"),
                api.list().jwt(VICTIM, org, Api.ALL),
                api.list().jwt(VICTIM, org, Api.ALL),
                api.list().jwt(TOKEN, org, Api.ALL),
                api.list().jwt("auth0|5f7c8ec7c33c6c004bbafe82", VICTIM, Api.ALL),
                api.list().jwt(Map.of("sub", "user-1", "org_id", org, "permissions", "[" + VICTIM + " " + TOKEN + "]")),
                Invitees.accept("auth0|5f7c8ec7c33c6c004bbafe82", VICTIM, true, TOKEN),
                Invitees.accept(VICTIM, VICTIM, true, TOKEN).query(VICTIM, TOKEN),
                api.memberships().path("org_id", VICTIM),
                api.memberships().query("email", VICTIM));
        for (HttpApiEvents request : requests) {
            api.send(request.header("authorization", "Bearer " + TOKEN));
        }

        String log = api.logs();
        for (String secret : List.of("@", "victim", TOKEN.substring(0, 12), "eyJ")) {
            assertFalse(log.contains(secret), "the log holds " + secret + ": " + log);
        }
        String[] lines = log.trim().split("\n");
        assertEquals(requests.size(), lines.length, log);
        for (String text : lines) {
            JsonNode line = JSON.readTree(text);
            assertTrue(ROUTES.contains(line.path("route").asText()), text);
            if (line.has("org_id")) {
                assertEquals(org, line.path("org_id").asText(), "only a UUID is logged as the org: " + text);
            }
        }
        String plainHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(VICTIM.getBytes(StandardCharsets.UTF_8)), 0, 8);
        String pseudonym = JSON.readTree(lines[10]).path("sub").asText();
        assertTrue(pseudonym.matches("hmac:[0-9a-f]{16}"), "an address as sub is logged as a pseudonym: " + pseudonym);
        assertFalse(pseudonym.contains(plainHash), "not a hash anyone with a list of addresses computes");
        assertEquals(pseudonym, JSON.readTree(lines[11]).path("sub").asText(), "the same sub, the same pseudonym");
        assertTrue(JSON.readTree(lines[12]).path("sub").asText().startsWith("hmac:"), "a token as sub too");
        assertEquals("auth0|5f7c8ec7c33c6c004bbafe82", JSON.readTree(lines[13]).path("sub").asText(),
                "an identifier as sub is logged as sent");
    }
}
