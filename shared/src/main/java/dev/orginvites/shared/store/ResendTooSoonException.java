package dev.orginvites.shared.store;

import java.time.Instant;

/** A resend within the resend interval of the invitation's last issue: it may be resent from {@code retryAt}. */
public final class ResendTooSoonException extends RuntimeException {
    private final transient Instant retryAt;

    public ResendTooSoonException(Instant retryAt) {
        super("resent too soon; may be resent from " + retryAt, null, false, false);
        this.retryAt = retryAt;
    }

    public Instant retryAt() {
        return retryAt;
    }
}
