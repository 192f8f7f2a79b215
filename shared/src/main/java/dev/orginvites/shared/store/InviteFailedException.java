package dev.orginvites.shared.store;

/**
 * A resend of a failed invitation ({@link Invite#failure}): its email bounced for good or was marked as spam, so
 * the org sends nothing more to that address until the invitation is cancelled and a new one made. Nothing was
 * written.
 */
public final class InviteFailedException extends RuntimeException {
    private final transient DeliveryProblem failure;

    public InviteFailedException(DeliveryProblem failure) {
        super("the invitation failed: " + failure.reason(), null, false, false);
        this.failure = failure;
    }

    public DeliveryProblem failure() {
        return failure;
    }
}
