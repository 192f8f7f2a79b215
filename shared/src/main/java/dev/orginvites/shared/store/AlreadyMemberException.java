package dev.orginvites.shared.store;

/** An accept by a user who is already a member of the invitation's org: nothing is written. */
public final class AlreadyMemberException extends RuntimeException {
    public AlreadyMemberException() {
        super("already a member of the org", null, false, false);
    }
}
