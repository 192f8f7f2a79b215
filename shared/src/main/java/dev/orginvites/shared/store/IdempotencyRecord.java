package dev.orginvites.shared.store;

/**
 * What the store holds for an idempotency key: the fingerprint of the request that took it and, once that request's
 * create committed, the answer to replay (status, {@code location}, body); until then the request is in flight.
 *
 * @param status 0 while in flight
 * @param location null while in flight
 * @param body null while in flight
 */
public record IdempotencyRecord(String fingerprint, int status, String location, String body) {

    /** The record of a request still in flight. */
    public static IdempotencyRecord inFlight(String fingerprint) {
        return new IdempotencyRecord(fingerprint, 0, null, null);
    }

    public boolean isInFlight() {
        return status == 0;
    }
}
