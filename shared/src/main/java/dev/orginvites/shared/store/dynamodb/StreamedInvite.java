package dev.orginvites.shared.store.dynamodb;

import java.util.Optional;
import java.util.function.Function;

/**
 * An invite as the table's stream shows it (a record's new image), for consumers of the stream such as the mailer:
 * which org and invite it is and which issue (token nonce). Reading the image here keeps the key layout
 * ({@link Keys}) and the attribute names ({@link Items}) in this package.
 *
 * @param tokenNonce the token nonce; null for an invite written before invites had tokens
 */
public record StreamedInvite(String orgId, String inviteId, String tokenNonce) {
    private static final String ORG_PREFIX = Keys.org("");
    private static final String INVITE_PREFIX = Keys.invite("");

    /**
     * The invite an item image holds, or empty when the image is not an invite's.
     *
     * @param strings an attribute's string value by name, or null when the image has no such string attribute
     */
    public static Optional<StreamedInvite> fromImage(Function<String, String> strings) {
        String pk = strings.apply(Items.PK);
        String sk = strings.apply(Items.SK);
        if (pk == null || sk == null || !pk.startsWith(ORG_PREFIX) || !sk.startsWith(INVITE_PREFIX)
                || pk.length() == ORG_PREFIX.length() || sk.length() == INVITE_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(new StreamedInvite(pk.substring(ORG_PREFIX.length()), sk.substring(INVITE_PREFIX.length()),
                strings.apply(Items.TOKEN_NONCE)));
    }
}
