package dev.orginvites.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
    void logsASubThatCouldBeAnAddressOrATokenAsAStablePseudonym(String sub) throws Exception {
        String first = logged(RequestLog.Entry.of("r-4", ROUTE, 200, 10).caller(sub)).path("sub").asText();
        String again = logged(RequestLog.Entry.of("r-5", ROUTE, 200, 10).caller(sub)).path("sub").asText();

        assertTrue(first.matches("hmac:[0-9a-f]{16}"), first);
        assertEquals(first, again);
    }

    @Test
    void aPseudonymIsNoPlainHashOfTheSubAndDiffersFromAnotherLogsPseudonym() throws Exception {
        String sub = "victim@example.com";
        String plain = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(sub.getBytes(StandardCharsets.UTF_8)), 0, 8);
        ByteArrayOutputStream otherOut = new ByteArrayOutputStream();
        RequestLog other = new RequestLog(new PrintStream(otherOut, true, StandardCharsets.UTF_8));

        String pseudonym = logged(RequestLog.Entry.of("r-7", ROUTE, 200, 10).caller(sub)).path("sub").asText();
        other.request(RequestLog.Entry.of("r-8", ROUTE, 200, 10).caller(sub));
        String othersPseudonym = JSON.readTree(otherOut.toString(StandardCharsets.UTF_8)).path("sub").asText();

        assertFalse(pseudonym.contains(plain), "a list of candidate addresses must not reverse it: " + pseudonym);
        assertNotEquals(pseudonym, othersPseudonym, "each log's key is its own");
    }

    @Test
    void aPseudonymIsTheHmacOfTheSubUnderTheKeySoOneKeyGivesOnePseudonym() throws Exception {
        byte[] key = "k".repeat(RequestLog.MIN_KEY_LENGTH).getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "hmac:" + HexFormat.of().formatHex(
                mac.doFinal("victim@example.com".getBytes(StandardCharsets.UTF_8)), 0, 8);

        RequestLog one = new RequestLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                key);
        RequestLog sameKey = new RequestLog(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), key.clone());
        RequestLog otherKey = new RequestLog(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), "j".repeat(RequestLog.MIN_KEY_LENGTH).getBytes(StandardCharsets.UTF_8));

        assertEquals(expected, one.subject("victim@example.com"));
        assertEquals(expected, sameKey.subject("victim@example.com"), "stable for one key, across instances");
        assertNotEquals(expected, otherKey.subject("victim@example.com"));
    }

    @Test
    void lambdasLogNeedsAKeyOfItsOwnAndSaysWhichVariableIsMissing() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> RequestLog.stdout(Map.<String, String>of()::get));
        IllegalStateException blank = assertThrows(IllegalStateException.class,
                () -> RequestLog.stdout(Map.of(RequestLog.KEY_VARIABLE, "  ")::get));
        IllegalStateException tooShort = assertThrows(IllegalStateException.class,
                () -> RequestLog.stdout(Map.of(RequestLog.KEY_VARIABLE, "short")::get));

        for (IllegalStateException e : List.of(missing, blank, tooShort)) {
            assertTrue(e.getMessage().contains("LOG_PSEUDONYM_KEY"), e.getMessage());
            assertFalse(e.getMessage().contains("short"), "the message never quotes the key: " + e.getMessage());
        }
        RequestLog.stdout(Map.of(RequestLog.KEY_VARIABLE, "x".repeat(64))::get);
    }

    @Test
    void differentSubsHashDifferently() {
        assertNotEquals(log.subject("a@example.com"), log.subject("b@example.com"));
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
