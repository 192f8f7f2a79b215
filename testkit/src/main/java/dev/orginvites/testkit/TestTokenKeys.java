package dev.orginvites.testkit;

import dev.orginvites.shared.token.TokenKeys;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Accept-token keys in memory, as the secret holds them: a current key (64 random bytes, each instance its own) and,
 * after {@link #rotate}, the previous one. Tokens a test issues with these keys verify only with them.
 */
public final class TestTokenKeys implements TokenKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private byte[] current = fresh();
    private byte[] previous;

    private static byte[] fresh() {
        byte[] key = new byte[64];
        RANDOM.nextBytes(key);
        return key;
    }

    /** A new current key; the one before stays valid for verifying, as after a rotation of the secret. */
    public synchronized void rotate() {
        previous = current;
        current = fresh();
    }

    @Override
    public synchronized byte[] signing() {
        return current.clone();
    }

    @Override
    public synchronized List<byte[]> verifying() {
        List<byte[]> keys = new ArrayList<>(2);
        keys.add(current.clone());
        if (previous != null) {
            keys.add(previous.clone());
        }
        return keys;
    }
}
