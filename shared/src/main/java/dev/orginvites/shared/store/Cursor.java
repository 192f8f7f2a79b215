package dev.orginvites.shared.store;

import dev.orginvites.shared.codec.Base64Url;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Pagination cursors: {@code v1.} followed by unpadded base64url of {@code {"id":"<id>"}}, the item a page starts
 * after or ends before: an invitation's or a membership's id (both UUIDs), or the first or last id there can be
 * (where an empty page links to the far end). The org is never in a cursor: it always comes from the request path, so a cursor cannot reach
 * another org. How a store finds the position (DynamoDB's sort key, say) is its own business.
 *
 * <p>Decoding is strict: anything that is not exactly a cursor this API made, naming a well-formed id, is rejected.
 * It also accepts the form cursors had before ({@code {"sk":"INVITE#<invite id>"}}), which named the same position,
 * so that a client paging through a deploy is not turned away with a 400 halfway.
 */
public final class Cursor {
    static final String PREFIX = "v1.";
    private static final int MAX_LENGTH = 128;
    private static final int ID_LENGTH = 36;
    private static final String JSON_HEAD = "{\"id\":\"";
    private static final String EARLIER_JSON_HEAD = "{\"sk\":\"INVITE#";
    private static final String JSON_TAIL = "\"}";
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Cursor() {
    }

    /** The cursor naming an item's id (an invite's or a membership's, or the first or last possible one). */
    public static String of(String id) {
        return encode(JSON_HEAD, id);
    }

    private static String encode(String head, String id) {
        String json = head + id + JSON_TAIL;
        return PREFIX + Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The id a cursor names.
     *
     * @throws IllegalArgumentException when the text is not a valid cursor
     */
    public static String id(String cursor) {
        if (cursor == null || cursor.length() > MAX_LENGTH || !cursor.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a cursor");
        }
        String json;
        try {
            json = new String(Base64Url.decode(cursor.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
        String head = json.startsWith(JSON_HEAD) ? JSON_HEAD : json.startsWith(EARLIER_JSON_HEAD) ? EARLIER_JSON_HEAD
                : null;
        if (head == null || !json.endsWith(JSON_TAIL) || json.length() != head.length() + ID_LENGTH + JSON_TAIL.length()) {
            throw new IllegalArgumentException("cursor names no invite");
        }
        String id = json.substring(head.length(), head.length() + ID_LENGTH);
        if (!CANONICAL_UUID.matcher(id).matches()) {
            throw new IllegalArgumentException("cursor names no invite");
        }
        return id;
    }
}
