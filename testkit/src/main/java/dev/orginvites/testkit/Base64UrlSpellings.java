package dev.orginvites.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * The other spellings of an unpadded base64url text that a lenient decoder reads as the same bytes: when the text's
 * length leaves unused bits in its last character (2 bits after 2 bytes of a group, 4 after 1), every value of those
 * bits decodes alike. A strict decoder accepts the canonical spelling (unused bits zero) only.
 */
public final class Base64UrlSpellings {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private Base64UrlSpellings() {
    }

    /** {@code canonical} with its last character replaced by each non-canonical sibling. */
    public static List<String> nonCanonical(String canonical) {
        int unusedBits = switch (canonical.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> throw new IllegalArgumentException("no unused bits at this length: " + canonical.length());
        };
        int last = ALPHABET.indexOf(canonical.charAt(canonical.length() - 1));
        int mask = (1 << unusedBits) - 1;
        if (last < 0 || (last & mask) != 0) {
            throw new IllegalArgumentException("not a canonical base64url text: " + canonical);
        }
        List<String> spellings = new ArrayList<>();
        for (int bits = 1; bits <= mask; bits++) {
            spellings.add(canonical.substring(0, canonical.length() - 1) + ALPHABET.charAt(last | bits));
        }
        return spellings;
    }
}
