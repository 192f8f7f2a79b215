package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.HttpApiEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One structured JSON line per request, with what an operator needs (request id, route, org, caller, status,
 * latency, served version, error code) and nothing a log must not hold: no email address, no token.
 */
class LogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJlLXNlY3JldA";

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
        List<APIGatewayV2HTTPResponse> responses = new ArrayList<>();
        for (HttpApiEvents request : requests) {
            responses.add(api.send(request.header("authorization", "Bearer " + TOKEN)));
        }

        String log = api.logs();
        String[] lines = log.trim().split("\n");
        assertEquals(requests.size(), lines.length, log);
        for (int i = 0; i < lines.length; i++) {
            JsonNode line = JSON.readTree(lines[i]);
            APIGatewayV2HTTPResponse response = responses.get(i);
            assertEquals(response.getHeaders().get("snyk-request-id"), line.path("request_id").asText());
            assertEquals(response.getStatusCode(), line.path("status").asInt());
            assertTrue(line.path("route").asText().matches("(POST|GET|DELETE) /orgs/\\{org_id}/invites.*"), lines[i]);
            assertTrue(line.path("latency_ms").isNumber(), lines[i]);
            assertTrue(line.path("level").asText().equals("INFO"), lines[i]);
            if (response.getStatusCode() != 401) {
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
        for (String secret : List.of("private.person", "Private.Person", "someone.else", "third.person", "@example.com",
                TOKEN, "signature")) {
            assertFalse(log.contains(secret), "the log holds " + secret + ": " + log);
        }
    }
}
