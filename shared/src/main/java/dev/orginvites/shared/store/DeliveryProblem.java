package dev.orginvites.shared.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the mail service reported, after it accepted an invitation's email, about its delivery: a permanent failure
 * (the invitation is then failed, {@link Invite#failure}) or a transient delay ({@link IssuedInvite#delay}).
 *
 * @param reason a failure's {@link #BOUNCED}, {@link #SUPPRESSED}, {@link #COMPLAINED} or {@link #REJECTED}; a delay's
 *     kind as the mail service names it (e.g. {@code transient:MailboxFull}); letters, digits, {@code _},
 *     {@code :} and {@code -} only, 1 to 64 of them
 * @param at when the mail service says it happened, to the millisecond (what the store keeps, and orders by)
 */
public record DeliveryProblem(String reason, Instant at) {
    /** The recipient's server refused the address for good. */
    public static final String BOUNCED = "bounced";
    /** The mail service did not send, as the address is on its suppression list (it bounced or complained before). */
    public static final String SUPPRESSED = "suppressed";
    /** The recipient marked the email as spam. */
    public static final String COMPLAINED = "complained";
    /** The mail service accepted the email but refused to send it. */
    public static final String REJECTED = "rejected";

    /** The reasons a failure may have: what the API's newest read shows, and nothing else. */
    public static final Set<String> FAILURE_REASONS = Set.of(BOUNCED, SUPPRESSED, COMPLAINED, REJECTED);

    private static final Pattern REASON = Pattern.compile("[A-Za-z0-9_:-]{1,64}");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public DeliveryProblem {
        Objects.requireNonNull(at, "at");
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("not a delivery problem's reason");
        }
        at = at.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * This problem, as a failure.
     *
     * @throws IllegalArgumentException when its reason is none of {@link #FAILURE_REASONS}
     */
    public DeliveryProblem asFailure() {
        if (!FAILURE_REASONS.contains(reason)) {
            throw new IllegalArgumentException("not a failure's reason: " + reason);
        }
        return this;
    }

    /**
     * {@link #at} in one fixed width ({@code 2026-12-04T10:00:00.120Z}), so that stored times order as strings do:
     * {@link Instant#toString} leaves out zero fractions, which would put {@code 10:00:00Z} after {@code 10:00:00.5Z}.
     */
    public String atText() {
        return MILLIS.format(at);
    }

    /** What recording a {@link DeliveryProblem} on an invitation did. */
    public enum Recorded {
        /** The invitation now shows it. */
        RECORDED,
        /**
         * Nothing changed: the same report again, or one the invitation's state already outranks (a failure later
         * than the one recorded, a delay earlier than the one recorded).
         */
        UNCHANGED,
        /** The org has no such pending invitation (it was cancelled, accepted, re-issued or has expired). */
        NOT_PENDING
    }
}
