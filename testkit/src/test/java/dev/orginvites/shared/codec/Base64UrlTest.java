package dev.orginvites.shared.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orginvites.testkit.Base64UrlSpellings;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {
    @Test
    void readsBackWhatItWritesForEveryLength() {
        Random random = new Random(18);
        for (int length = 0; length <= 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);

            String text = Base64Url.encode(bytes);

            assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), text);
            assertArrayEquals(bytes, Base64Url.decode(text));
        }
    }

    @Test
    void refusesEveryOtherSpellingOfTheSameBytes() {
        for (int length : new int[] {1, 2, 4, 5, 65}) {
            String canonical = Base64Url.encode(new byte[length]);
            for (String spelling : Base64UrlSpellings.nonCanonical(canonical)) {
                assertArrayEquals(Base64.getUrlDecoder().decode(spelling), new byte[length],
                        "a lenient decoder reads " + spelling + " as the same bytes");
                assertThrows(IllegalArgumentException.class, () -> Base64Url.decode(spelling), spelling);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AA==", "AAA=", "A", "AAAAA", "AA+A", "AA/A", "AA A", "AA\nA", "AAé"})
    void refusesPaddingImpossibleLengthsAndCharactersOutsideTheAlphabet(String text) {
        assertThrows(IllegalArgumentException.class, () -> Base64Url.decode(text));
    }
}
