package dev.orginvites.shared.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A create's {@code Idempotency-Key}, as the store keeps it: never the caller's text, only digests.
 *
 * @param scope SHA-256 of the caller's subject and the key, so a key is the caller's own and no raw caller text
 *     lands in the table's keys
 * @param fingerprint SHA-256 of what makes two requests the same request (the served version and the normalized
 *     body): a retry must match it
 * @param token this request's own mark on its reservation, so that only the request that reserved a key completes
 *     or releases it
 */
public record IdempotencyKey(String scope, String fingerprint, String token) {
    /**
     * How long a reservation holds a key for a request in flight. Longer than the function's timeout (10 s in
     * template.yaml), so a live request never loses it; a request that crashed holds it no longer than this.
     */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** How long a completed create's answer is replayed (and its key refused for another request). */
    public static final Duration RETENTION = Duration.ofHours(24);

    /** The key {@code key} sent by {@code caller}, for a request whose normalized form is {@code request}. */
    public static IdempotencyKey of(String caller, String key, String request) {
        return new IdempotencyKey(sha256(caller.length() + ":" + caller + key), sha256(request),
                UUID.randomUUID().toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
