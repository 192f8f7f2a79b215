package dev.orginvites.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableSettingsTest {
    @Test
    void readsTheEnvironmentWithDefaults() {
        TableSettings settings = TableSettings.from(Map.of("TABLE_NAME", "invites", "AWS_REGION", "eu-west-1"));

        assertEquals("invites", settings.tableName());
        assertEquals("eu-west-1", settings.region());
        assertNull(settings.dynamoDbEndpoint());
        assertEquals(Duration.ofDays(7), settings.inviteTtl());
        assertEquals(50, settings.inviteQuota());
    }

    @Test
    void readsTheOptionalOnes() {
        TableSettings settings = TableSettings.from(Map.of("TABLE_NAME", "t", "AWS_REGION", "r",
                "DYNAMODB_ENDPOINT", "http://127.0.0.1:5000", "INVITE_TTL", "PT36H", "INVITE_QUOTA", " 1000 "));

        assertEquals(URI.create("http://127.0.0.1:5000"), settings.dynamoDbEndpoint());
        assertEquals(Duration.ofHours(36), settings.inviteTtl());
        assertEquals(1000, settings.inviteQuota());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "50.0", "5e1", "fifty", "99999999999", "+50"})
    void aBadQuotaIsNamed(String quota) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TableSettings.from(Map.of("TABLE_NAME", "t", "AWS_REGION", "r", "INVITE_QUOTA", quota)));
        assertTrue(e.getMessage().contains("INVITE_QUOTA"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TABLE_NAME", "AWS_REGION"})
    void aMissingRequiredVariableIsNamedAtStartUp(String missing) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("TABLE_NAME", "t", "AWS_REGION", "r"));
        env.put(missing, " ");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TableSettings.from(env));
        assertTrue(e.getMessage().contains(missing), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7 days", "P", "-P1D", "PT0S", "PT0.5S", "1d"})
    void aBadTtlIsNamed(String ttl) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TableSettings.from(Map.of("TABLE_NAME", "t", "AWS_REGION", "r", "INVITE_TTL", ttl)));
        assertTrue(e.getMessage().contains("INVITE_TTL"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:5000", "not a url", "/relative"})
    void aBadEndpointIsNamed(String endpoint) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TableSettings.from(Map.of("TABLE_NAME", "t", "AWS_REGION", "r", "DYNAMODB_ENDPOINT", endpoint)));
        assertTrue(e.getMessage().contains("DYNAMODB_ENDPOINT"), e.getMessage());
    }
}
