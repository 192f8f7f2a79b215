package dev.orginvites.shared.store;

/**
 * A create's reservation of its idempotency key no longer holds (its lease ran out and another request took the
 * key): nothing was written, and the key belongs to the other request.
 */
public final class IdempotencyReservationLostException extends RuntimeException {
    public IdempotencyReservationLostException() {
        super("the idempotency key's reservation was taken over", null, false, false);
    }
}
