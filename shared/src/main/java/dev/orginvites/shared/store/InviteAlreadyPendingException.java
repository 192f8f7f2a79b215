package dev.orginvites.shared.store;

/** An unexpired invite for the same address is already pending in the org. */
public final class InviteAlreadyPendingException extends RuntimeException {
    public InviteAlreadyPendingException() {
        super("an invite for this address is already pending", null, false, false);
    }
}
