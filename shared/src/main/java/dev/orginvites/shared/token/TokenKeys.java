package dev.orginvites.shared.token;

import java.util.List;

/**
 * The secret keys accept tokens are derived with. Tokens are signed with the current key and verified against the
 * current and the previous one, so a rotation does not break the tokens already sent.
 */
public interface TokenKeys {

    /** The key new tokens are derived with. */
    byte[] signing();

    /** The keys a token may have been derived with, current first. */
    List<byte[]> verifying();
}
