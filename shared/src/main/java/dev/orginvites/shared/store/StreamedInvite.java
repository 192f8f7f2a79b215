package dev.orginvites.shared.store;

import java.util.Optional;
import java.util.function.Function;

/**
 * An issue of an invitation as the table's stream shows it (a record's new image), for consumers of the stream such
 * as the mailer: which org and invite it is and which issue (token nonce).
 *
 * @param tokenNonce the token nonce; null for an invite written before invites had tokens
 */
public record StreamedInvite(String orgId, String inviteId, String tokenNonce) {
    /**
     * Reads the invite an item image holds. How an item is laid out is the store adapter's, so a consumer of the
     * stream is given a reader rather than reading keys itself.
     */
    public interface Reader {
        /**
         * The invite an item image holds, or empty when the image is not an invite's.
         *
         * @param strings an attribute's string value by name, or null when the image has no such string attribute
         */
        Optional<StreamedInvite> fromImage(Function<String, String> strings);
    }
}
