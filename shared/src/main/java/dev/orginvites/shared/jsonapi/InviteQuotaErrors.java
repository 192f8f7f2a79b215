package dev.orginvites.shared.jsonapi;

import dev.orginvites.shared.store.InviteQuotaExceededException;
import java.time.Duration;
import java.time.Instant;

/** The one answer of a create or a resend beyond its org's invite quota, which both operations give alike. */
public final class InviteQuotaErrors {
    private InviteQuotaErrors() {
    }

    /** 429 {@code invite-quota-exceeded}, with {@code retry-after} until the refusal's {@code retryAt}. */
    public static ApiError exceeded(InviteQuotaExceededException refusal, Instant now) {
        return ApiError.tooManyRequests("invite-quota-exceeded", "This org has sent as many invitations as it may"
                + " in 24 hours; it may send another from " + refusal.retryAt() + ".",
                Duration.between(now, refusal.retryAt()));
    }
}
