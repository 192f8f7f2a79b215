package dev.orginvites.shared.store;

import dev.orginvites.shared.codec.Base64Url;
import java.security.SecureRandom;

/**
 * Token nonces: 128 random bits written with each issue of an invitation (a create or a resend), from which its
 * accept token is derived ({@code AcceptTokens}), as unpadded base64url. Every store makes them here.
 */
public final class TokenNonces {
    private static final int BYTES = 16;

    private TokenNonces() {
    }

    /** A new nonce. */
    public static String next() {
        byte[] nonce = new byte[BYTES];
        Random.SOURCE.nextBytes(nonce);
        return Base64Url.encode(nonce);
    }

    /**
     * The random source, made (and seeded) on the first issue, which under SnapStart is after the restore: a source
     * seeded before the snapshot would hand every restored copy the same nonces.
     */
    private static final class Random {
        static final SecureRandom SOURCE = new SecureRandom();
    }
}
