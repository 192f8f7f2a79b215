package dev.orginvites.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.token.AcceptToken;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The mailer's configuration: what it accepts, and a refusal naming the variable for anything else. */
class DeliverySettingsTest {
    private static final String URL = "https://app.example.com/accept?token={token}";

    @Test
    void readsTheSenderAndTheAcceptUrlAndBuildsLinksWithTheToken() {
        DeliverySettings settings = DeliverySettings.from(
                Map.of("MAIL_FROM", " invites@example.com ", "ACCEPT_URL", URL)::get);
        AcceptToken token = new AcceptToken("9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c",
                "0f3c2b1a-5d4e-7a6b-9c8d-1e2f3a4b5c6d", new byte[32]);

        assertEquals("invites@example.com", settings.mailFrom());
        assertEquals("https://app.example.com/accept?token=" + token.encode(), settings.acceptLink(token));
        assertEquals(null, settings.configurationSet(), "no SES_CONFIGURATION_SET: sent with none");
        assertEquals("org-invites-SendingConfigurationSet-1A2B", DeliverySettings.from(Map.of("MAIL_FROM",
                "invites@example.com", "ACCEPT_URL", URL, "SES_CONFIGURATION_SET",
                "org-invites-SendingConfigurationSet-1A2B")::get).configurationSet());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "MAIL_FROM|",
            "MAIL_FROM|invites",
            "MAIL_FROM|Invites <invites@example.com>",
            "MAIL_FROM|invites@localhost",
            "ACCEPT_URL|",
            "ACCEPT_URL|https://app.example.com/accept",
            "ACCEPT_URL|/accept?token={token}",
            "ACCEPT_URL|javascript:alert('{token}')",
            "ACCEPT_URL|https://app.example.com/a b?token={token}",
            "SES_CONFIGURATION_SET|a set",
            "SES_CONFIGURATION_SET|set.with.dots",
            "SES_CONFIGURATION_SET|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void refusesAMissingOrMalformedVariableByName(String name, String value) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("MAIL_FROM", "invites@example.com", "ACCEPT_URL",
                URL));
        env.put(name, value);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DeliverySettings.from(env::get));

        assertTrue(refused.getMessage().contains(name), refused.getMessage());
    }
}
