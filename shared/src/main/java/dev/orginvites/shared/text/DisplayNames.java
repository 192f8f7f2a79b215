package dev.orginvites.shared.text;

import java.util.Locale;

/**
 * What a name shown to people may be: a role's or an org's name in the directory, a user's name or username from
 * their token. One rule for all of them, because each ends up in the same places (API documents, emails, a terminal).
 *
 * <ul>
 *   <li>Trimmed, then non-blank and at most {@value #MAX_LENGTH} characters (code points). Every invitation and
 *       membership copies a name, and a page of 100 carries 100 copies; the bound keeps that small (at most 1 KiB a
 *       name in UTF-8) while leaving room for any real name.</li>
 *   <li>No control characters (Unicode Cc, which includes tab, newline and DEL), no line or paragraph separators, no
 *       bidirectional embeddings, overrides or isolates (which make a name read differently from what it is in an
 *       email or a terminal), and no unpaired surrogates (which are no text and which UTF-8, as DynamoDB stores
 *       strings, cannot hold).</li>
 * </ul>
 */
public final class DisplayNames {
    /** The longest name, in characters (code points), after trimming. */
    public static final int MAX_LENGTH = 256;

    private DisplayNames() {
    }

    /**
     * The name, trimmed.
     *
     * @param what what the name is, for the message ("role name", "org name")
     * @throws IllegalArgumentException when it is missing, blank, too long or holds a character it may not; the
     *     message says what is wrong without echoing the value
     */
    public static String check(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is missing or blank");
        }
        String trimmed = name.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException("the " + what + " is " + length + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < trimmed.length(); ) {
            int c = trimmed.codePointAt(i);
            if (refused(c)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "the %s holds U+%04X at character %d: no control characters, line separators, "
                                + "bidirectional controls or unpaired surrogates", what, c,
                        trimmed.codePointCount(0, i) + 1));
            }
            i += Character.charCount(c);
        }
        return trimmed;
    }

    /**
     * The name, trimmed, or null when {@link #check} would refuse it: for names a caller's token carries, which are
     * shown when they are fit to show and left out otherwise, never a reason to refuse the request.
     */
    public static String orNull(String name) {
        try {
            return check("name", name);
        } catch (IllegalArgumentException unfit) {
            return null;
        }
    }

    private static boolean refused(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }
}
