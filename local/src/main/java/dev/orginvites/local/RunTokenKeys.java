package dev.orginvites.local;

import dev.orginvites.shared.token.TokenKeys;
import java.security.SecureRandom;
import java.util.List;

/**
 * The accept-token key of one run of the local API: 64 random bytes, as the deployed secret holds 64 characters,
 * drawn at start and never written anywhere. Tokens issued in this run verify in this run only.
 */
final class RunTokenKeys implements TokenKeys {
    private final byte[] key = new byte[64];

    RunTokenKeys() {
        new SecureRandom().nextBytes(key);
    }

    @Override
    public byte[] signing() {
        return key.clone();
    }

    @Override
    public List<byte[]> verifying() {
        return List.of(key.clone());
    }
}
