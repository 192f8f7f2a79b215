package dev.orginvites.shared.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Pagination cursors: {@code v1.} followed by unpadded base64url of {@code {"sk":"INVITE#<invite id>"}}, the sort
 * key a page starts after or ends before: an invite's, or the first or last id there can be (where an empty page
 * links to the far end). The partition (the org) is never in a cursor: it always
 * comes from the request path, so a cursor cannot reach another org.
 *
 * <p>Decoding is strict: anything that is not exactly a cursor this class made, naming a key in the pending
 * invites' range, is rejected.
 */
public final class Cursor {
    static final String PREFIX = "v1.";
    private static final int MAX_LENGTH = 128;
    private static final String JSON_HEAD = "{\"sk\":\"" + Keys.INVITE_PREFIX;
    private static final String JSON_TAIL = "\"}";
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Cursor() {
    }

    /** The cursor naming an invite id (or the first or last possible one). */
    public static String of(String inviteId) {
        String json = JSON_HEAD + inviteId + JSON_TAIL;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The invite id a cursor names.
     *
     * @throws IllegalArgumentException when the text is not a valid cursor
     */
    public static String inviteId(String cursor) {
        if (cursor == null || cursor.length() > MAX_LENGTH || !cursor.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a cursor");
        }
        String json;
        try {
            json = new String(Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
        if (!json.startsWith(JSON_HEAD) || !json.endsWith(JSON_TAIL)
                || json.length() != JSON_HEAD.length() + 36 + JSON_TAIL.length()) {
            throw new IllegalArgumentException("cursor names no pending invite");
        }
        String id = json.substring(JSON_HEAD.length(), JSON_HEAD.length() + 36);
        if (!CANONICAL_UUID.matcher(id).matches() || !of(id).equals(cursor)) {
            throw new IllegalArgumentException("cursor names no pending invite");
        }
        return id;
    }
}
