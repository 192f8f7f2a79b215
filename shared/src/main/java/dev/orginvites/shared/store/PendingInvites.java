package dev.orginvites.shared.store;

import java.time.Instant;
import java.util.List;

/**
 * The one read a store implements for {@link Pages}: pending invites on one side of an id, nearest first.
 */
public interface PendingInvites {

    /**
     * Up to {@code max} of the org's invites pending at {@code now}, nearest to {@code boundaryId} first: with
     * {@code ascending}, those whose ids follow it, in ascending order; else those whose ids precede it, in
     * descending order. {@code inclusive} counts an invite with the boundary's own id; a null boundary reads from the
     * first (ascending) or the last (descending) pending invite.
     */
    List<Invite> pending(String orgId, String boundaryId, boolean inclusive, boolean ascending, int max, Instant now);
}
