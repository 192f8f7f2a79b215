package dev.orginvites.shared.codec;

import java.util.Base64;

/**
 * Unpadded base64url, as every token and cursor the API issues is written, read strictly: only the text the API
 * writes for some bytes decodes. {@link Base64.Decoder} alone also takes padding and ignores the unused low bits of
 * the last character, so each issued text would have other spellings (four for a token) that read as the same bytes;
 * an API that answers alike to all of them hands out tokens with several valid forms.
 */
public final class Base64Url {
    private Base64Url() {
    }

    /** The bytes as unpadded base64url. */
    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The bytes {@link #encode} wrote this text for.
     *
     * @throws IllegalArgumentException when no bytes encode to exactly this text: a character outside the alphabet
     *     (padding included), a length no encoding has, or unused bits that are not zero
     */
    public static byte[] decode(String text) {
        int length = text.length();
        int unusedBits = switch (length % 4) {
            case 0 -> 0;
            case 2 -> 4;
            case 3 -> 2;
            default -> throw new IllegalArgumentException("no base64url text has this length");
        };
        int last = 0;
        for (int i = 0; i < length; i++) {
            last = value(text.charAt(i));
        }
        if ((last & ((1 << unusedBits) - 1)) != 0) {
            throw new IllegalArgumentException("not the canonical base64url spelling");
        }
        return Base64.getUrlDecoder().decode(text);
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        if (c == '_') {
            return 63;
        }
        throw new IllegalArgumentException("not a base64url character");
    }
}
