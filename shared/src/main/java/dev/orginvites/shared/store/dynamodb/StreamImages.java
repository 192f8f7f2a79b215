package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.StreamedInvite;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the table's stream images. Reading the image here keeps the key layout ({@link Keys}) and the attribute names
 * ({@link Items}) in this package.
 */
public final class StreamImages implements StreamedInvite.Reader {
    private static final String ORG_PREFIX = Keys.org("");
    private static final String INVITE_PREFIX = Keys.invite("");

    @Override
    public Optional<StreamedInvite> fromImage(Function<String, String> strings) {
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
