package dev.orginvites.shared.store;

import dev.orginvites.shared.text.DisplayNames;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the directory accepts, checked the same way by every {@link Directory} (the DynamoDB adapter, the in-memory
 * twin) and so by every writer (the admin command, the local API's seed, the tests).
 *
 * <ul>
 *   <li>Ids are UUIDs in the 8-4-4-4-12 hex form, any case, kept in lower case: the form the API accepts for path
 *       ids and role ids (http/Ids), so every id written here is one a request can name.</li>
 *   <li>Names are display names ({@link DisplayNames}): trimmed, 1 to {@value #MAX_NAME_LENGTH} characters, no
 *       control or bidirectional characters.</li>
 * </ul>
 *
 * Refusals are {@link IllegalArgumentException}s whose message says what is wrong without echoing the value.
 */
public final class DirectoryRules {
    /** The longest name, in characters (code points), after trimming. */
    public static final int MAX_NAME_LENGTH = DisplayNames.MAX_LENGTH;

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
     * The name, trimmed: {@link DisplayNames#check}.
     *
     * @param what what the name is, for the message ("role name", "org name")
     * @throws IllegalArgumentException when it is missing, blank, too long or holds a character it may not
     */
    public static String name(String what, String name) {
        return DisplayNames.check(what, name);
    }
}
