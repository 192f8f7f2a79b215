package dev.orginvites.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG = "6a1b0f4e-2c43-4f27-9c4b-8f0e4b2b7d11";
    private static final String ROUTE = "GET /orgs/{org_id}/invites";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final RequestLog log = new RequestLog(new PrintStream(out, true, StandardCharsets.UTF_8));

    private JsonNode logged(RequestLog.Entry entry) throws Exception {
        out.reset();
        log.request(entry);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        return JSON.readTree(text);
    }

    @Test
    void logsEveryFieldOfARequest() throws Exception {
        JsonNode line = logged(RequestLog.Entry.of("r-1", ROUTE, 400, 1_500).awsRequestId("lambda-1")
                .org(ORG.toUpperCase()).caller("auth0|5f7c").served("2022-11-14").error("invalid-parameter", null));

        assertEquals("INFO", line.path("level").asText());
        assertEquals("r-1", line.path("request_id").asText());
        assertEquals("lambda-1", line.path("aws_request_id").asText());
        assertEquals(ROUTE, line.path("route").asText());
        assertEquals(ORG, line.path("org_id").asText());
        assertEquals("auth0|5f7c", line.path("sub").asText());
        assertEquals(400, line.path("status").asInt());
        assertEquals(1.5, line.path("latency_ms").asDouble());
        assertEquals("2022-11-14", line.path("version").asText());
        assertEquals("invalid-parameter", line.path("error_code").asText());
    }

    @Test
    void leavesOutWhatIsNotKnown() throws Exception {
        JsonNode line = logged(RequestLog.Entry.of("r-2", ROUTE, 401, 10));

        for (String field : new String[] {"aws_request_id", "org_id", "sub", "version", "error_code", "error"}) {
            assertFalse(line.has(field), field);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"victim@example.com", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "not-a-uuid", ""})
    void logsAnOrgOnlyWhenItIsAUuid(String org) throws Exception {
        assertFalse(logged(RequestLog.Entry.of("r-3", ROUTE, 400, 10).org(org)).has("org_id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"victim@example.com", "Victim@Example.com", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
            "+15551234567", "a b", "x\ny", ""})
    void logsASubThatCouldBeAnAddressOrATokenAsAStableHash(String sub) throws Exception {
        String first = logged(RequestLog.Entry.of("r-4", ROUTE, 200, 10).caller(sub)).path("sub").asText();
        String again = logged(RequestLog.Entry.of("r-5", ROUTE, 200, 10).caller(sub)).path("sub").asText();

        assertTrue(first.matches("sha256:[0-9a-f]{16}"), first);
        assertEquals(first, again);
    }

    @Test
    void differentSubsHashDifferently() {
        assertFalse(RequestLog.subject("a@example.com").equals(RequestLog.subject("b@example.com")));
    }

    @Test
    void theCauseOfA500HasNoAddressOrToken() throws Exception {
        RuntimeException failure = new IllegalStateException("no item for victim@example.com with token "
                + "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", new RuntimeException("<victim@example.com>"));

        JsonNode line = logged(RequestLog.Entry.of("r-6", ROUTE, 500, 10).error("internal-error", failure));

        assertEquals("ERROR", line.path("level").asText());
        assertEquals(IllegalStateException.class.getName(), line.path("error").asText());
        String trace = line.path("stack_trace").asText();
        assertTrue(trace.contains("no item for [redacted] with token [redacted]"), trace);
        assertTrue(trace.contains("RequestLogTest.theCauseOfA500HasNoAddressOrToken"), "frames are kept: " + trace);
        assertFalse(trace.contains("@") || trace.contains("eyJ"), trace);
    }
}
