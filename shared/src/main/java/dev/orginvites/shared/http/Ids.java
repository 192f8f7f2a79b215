package dev.orginvites.shared.http;

import java.util.Locale;
import java.util.regex.Pattern;

/** UUIDs as the API accepts them: the 8-4-4-4-12 hex form, any case; canonical form is lower case. */
public final class Ids {
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    public static boolean isUuid(String text) {
        return text != null && UUID.matcher(text).matches();
    }

    /** The lower-case form of a UUID that {@link #isUuid} accepted. */
    public static String canonical(String uuid) {
        return uuid == null ? null : uuid.toLowerCase(Locale.ROOT);
    }
}
