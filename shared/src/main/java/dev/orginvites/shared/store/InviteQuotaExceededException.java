package dev.orginvites.shared.store;

import java.time.Instant;

/**
 * A create or resend beyond its org's {@link InviteQuota}: nothing was written, and a send is allowed again from
 * {@code retryAt}, when the oldest send counted leaves the window.
 */
public final class InviteQuotaExceededException extends RuntimeException {
    private final transient Instant retryAt;

    public InviteQuotaExceededException(Instant retryAt) {
        super("the org's invite quota is used up until " + retryAt, null, false, false);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
