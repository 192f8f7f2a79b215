package dev.orginvites.shared.store;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the directory accepts, checked the same way by every {@link Directory} (the DynamoDB adapter, the in-memory
 * twin) and so by every writer (the admin command, the local API's seed, the tests).
 *
 * <ul>
 *   <li>Ids are UUIDs in the 8-4-4-4-12 hex form, any case, kept in lower case: the form the API accepts for path
 *       ids and role ids (http/Ids), so every id written here is one a request can name.</li>
 *   <li>Names are trimmed, then must be non-blank and at most {@value #MAX_NAME_LENGTH} characters (code points).
 *       Every invitation and membership copies its role's name, and a page of 100 carries 100 copies; the bound keeps
 *       that small (at most 1 KiB a name in UTF-8) while leaving room for any real name.</li>
 *   <li>Names hold no control characters (Unicode Cc, which includes tab, newline and DEL), no line or paragraph
 *       separators, no bidirectional embeddings, overrides or isolates (which make a name read differently from
 *       what it is in an email or a terminal), and no unpaired surrogates (which are no text and which UTF-8, as
 *       DynamoDB stores strings, cannot hold).</li>
 * </ul>
 *
 * Refusals are {@link IllegalArgumentException}s whose message says what is wrong without echoing the value.
 */
public final class DirectoryRules {
    /** The longest name, in characters (code points), after trimming. */
    public static final int MAX_NAME_LENGTH = 256;

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private DirectoryRules() {
    }

    /**
     * The id in lower case.
     *
     * @param what what the id is, for the message ("org id", "role id")
     * @throws IllegalArgumentException when it is not a UUID
     */
    public static String id(String what, String id) {
        if (id == null || !UUID.matcher(id).matches()) {
            throw new IllegalArgumentException("the " + what + " must be a UUID (8-4-4-4-12 hex digits)");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * The name, trimmed.
     *
     * @param what what the name is, for the message ("role name", "org name")
     * @throws IllegalArgumentException when it is missing, blank, too long or holds a character it may not
     */
    public static String name(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is missing or blank");
        }
        String trimmed = name.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the " + what + " is " + length + " characters long; at most "
                    + MAX_NAME_LENGTH + " are allowed");
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

    private static boolean refused(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }
}
