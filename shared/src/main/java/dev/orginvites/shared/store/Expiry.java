package dev.orginvites.shared.store;

import java.time.Duration;
import java.time.Instant;

/**
 * When an invite stops being pending, under the invite TTL in force.
 *
 * <p><b>Pending</b> at an instant {@code now} means both: {@code expires_at > now} (in epoch seconds, as written at
 * creation), and the invite's id is at or above the floor id ({@link #floorId}), the smallest UUIDv7 of the first
 * instant whose invites are still pending under this TTL. Since ids are UUIDv7 of their creation
 * ({@link TimeOrderedIds}), the floor is a bound a store can start reading at, below which only expired invites lie.
 * Under an unchanged TTL the two halves agree exactly; a shortened TTL expires invites already sent at their creation plus the new TTL
 * (the floor), a lengthened one keeps their stored {@code expires_at}.
 *
 * @param inviteTtl how long an invite stays pending after it is created
 */
public record Expiry(Duration inviteTtl) {

    /** The {@code expires_at} (epoch seconds) of an invite created at {@code now}. */
    public long expiresAt(Instant now) {
        return now.plus(inviteTtl).getEpochSecond();
    }

    /**
     * The smallest id an invite still pending at {@code now} can have. An invite created at {@code c} expires at
     * the epoch second of {@code c + TTL} and is pending while that is after {@code now}'s second, that is while
     * {@code c} is at or after {@code now}'s next whole second minus the TTL; ids carry {@code c} to the
     * millisecond, so under an unchanged TTL this floor and {@code expires_at} agree on every invite.
     */
    public String floorId(Instant now) {
        return TimeOrderedIds.firstAt((now.getEpochSecond() + 1) * 1000 - inviteTtl.toMillis());
    }

    /** Whether an invite with this id and stored {@code expires_at} is pending at {@code now}. */
    public boolean isPending(String inviteId, long expiresAt, Instant now) {
        return expiresAt > now.getEpochSecond() && inviteId.compareTo(floorId(now)) >= 0;
    }
}
