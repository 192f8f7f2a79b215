package dev.orginvites.shared.store;

import java.time.Instant;

/**
 * The {@code Idempotency-Key}s of an org's creates: held by one request at a time, then the record of its answer
 * (which {@link Invitations#create(String, String, String, String, Instant, IdempotencyKey,
 * java.util.function.Function)} writes with the invite). The test kit's {@code IdempotencyKeysConformance} holds the
 * rules.
 */
public interface IdempotencyKeys {
    /**
     * Reserves a key for a request in flight, for {@link IdempotencyKey#LEASE}, unless a record holds it: an
     * unexpired reservation, or a completed create's answer within {@link IdempotencyKey#RETENTION}.
     *
     * @return null when this request now holds the key, else the record that holds it
     */
    IdempotencyRecord reserve(String orgId, IdempotencyKey key, Instant now);

    /** Gives up a reservation this request holds (a create that was refused), so a retry may take the key. */
    void release(String orgId, IdempotencyKey key);
}
