package dev.orginvites.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {
    private static final String ID = "0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e";

    private static String v1(String json) {
        return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void namesTheInviteById() {
        String cursor = Cursor.of(ID);

        assertTrue(cursor.startsWith("v1."));
        assertEquals("{\"id\":\"" + ID + "\"}",
                new String(Base64.getUrlDecoder().decode(cursor.substring(3)), StandardCharsets.UTF_8));
        assertTrue(cursor.matches("v1\\.[A-Za-z0-9_-]+"), "safe in a query string as it is");
        assertEquals(ID, Cursor.id(cursor));
    }

    @Test
    void acceptsTheCursorsTheApiIssuedBeforeTheyNamedIdsAndReadsTheSameInvite() {
        assertEquals(ID, Cursor.id(v1("{\"sk\":\"INVITE#" + ID + "\"}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "v1.", "v1", "V1.eyJ9", "v2.eyJzayI6IklOVklURSMifQ", "v1.!!!!", "v1.eyJzayI6", "garbage",
            "{\"sk\":\"INVITE#0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\"}"})
    void refusesWhatIsNotACursor(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cursor.id(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"sk\":\"ROLE#0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\"}",
            "{\"sk\":\"EMAIL#someone@example.com\"}",
            "{\"sk\":\"CANCELLED#0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\"}",
            "{\"sk\":\"INVITE#\"}",
            "{\"sk\":\"INVITE#not-a-uuid-not-a-uuid-not-a-uuid-xxxx\"}",
            "{\"sk\":\"INVITE#0192F0C4-5B7E-7A3C-8D2E-1F4A5B6C7D8E\"}",
            "{\"sk\":\"INVITE#0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\",\"pk\":\"ORG#x\"}",
            "{\"pk\":\"ORG#x\",\"sk\":\"INVITE#0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\"}",
            "{\"sk\":\"INVITE#0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\"} ",
            "{\"sk\":\"INVITE#0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8\"}",
            "{\"id\":\"\"}",
            "{\"id\":\"0192F0C4-5B7E-7A3C-8D2E-1F4A5B6C7D8E\"}",
            "{\"id\":\"0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\",\"pk\":\"ORG#x\"}",
            "{\"id\":\"INVITE#0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\"}",
            "{\"id\":\"0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\"} ",
            "{\"ID\":\"0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\"}",
            "[]", "null", "{}"})
    void refusesAnythingButOneWellFormedId(String json) {
        assertThrows(IllegalArgumentException.class, () -> Cursor.id(v1(json)));
    }

    @Test
    void refusesPaddedOrOverlongText() {
        assertThrows(IllegalArgumentException.class, () -> Cursor.id(Cursor.of(ID) + "=="));
        assertThrows(IllegalArgumentException.class, () -> Cursor.id("v1." + "A".repeat(200)));
    }
}
