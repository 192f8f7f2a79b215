package dev.orginvites.shared.store;

import java.time.Duration;

/**
 * How many invitation emails an org may send in any rolling {@link #WINDOW}, creates and resends counted together:
 * the table's default ({@code INVITE_QUOTA}), or an org's own limit set in the {@link Directory}.
 *
 * <p>At most {@value #MAX}: the store keeps the time of each counted send in one item per org, read and written by
 * every create and resend, so the bound keeps that item under 10 KB (about 9 bytes a send) and what a create costs
 * bounded (docs/operating.md, Costs).
 */
public record InviteQuota(int invitesPerDay) {
    /** The window the sends are counted in. */
    public static final Duration WINDOW = Duration.ofDays(1);
    /** GitHub's limit for an org's invitations in 24 hours. */
    public static final int DEFAULT = 50;
    public static final int MAX = 1000;

    /** @throws IllegalArgumentException when {@code invitesPerDay} is not 1 to {@value #MAX} */
    public InviteQuota {
        check(invitesPerDay);
    }

    /**
     * The limit, checked.
     *
     * @throws IllegalArgumentException when it is not 1 to {@value #MAX}
     */
    public static int check(int invitesPerDay) {
        if (invitesPerDay < 1 || invitesPerDay > MAX) {
            throw new IllegalArgumentException("the invites per day must be 1 to " + MAX);
        }
        return invitesPerDay;
    }
}
