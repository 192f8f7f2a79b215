package dev.orginvites.shared.jsonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EchoTest {

    @Test
    void keepsShortPlainValuesAsSent() {
        assertEquals("2024-13-01", Echo.of("2024-13-01"));
        assertEquals("émail 😀", Echo.of("émail 😀"));
        assertEquals("", Echo.of(null));
    }

    @Test
    void cutsLongValuesAtSixtyFourCharacters() {
        assertEquals("v".repeat(64) + "…", Echo.of("v".repeat(6_000)));
        assertEquals("😀".repeat(64) + "…", Echo.of("😀".repeat(65)), "characters, not UTF-16 units");
    }

    @Test
    void dropsControlAndFormatCharacters() {
        assertEquals("ab", Echo.of("a\r\nb"));
        assertEquals("ab", Echo.of("a\u0000\u001b[31mb".replace("[31m", "")));
        assertEquals("evil.exe", Echo.of("evil\u202e.exe"), "a bidirectional override");
        assertEquals("ab", Echo.of("a\u200bb\u2028"), "zero-width space, line separator");
        assertEquals("ab", Echo.of("a\ud800b"), "an unpaired surrogate");
    }
}
