package dev.orginvites.shared.store;

import java.time.Instant;
import java.util.List;

/**
 * The one read a store implements for {@link Pages}, for one kind of item whose ids sort in the order pages show
 * (invites, memberships): an org's items on one side of an id, nearest first.
 *
 * @param <T> the item
 */
public interface OrderedItems<T extends Identified> {

    /**
     * Up to {@code max} of the org's items (those pending at {@code now}, for a kind that expires), nearest to
     * {@code boundaryId} first: with {@code ascending}, those whose ids follow it, in ascending order; else those
     * whose ids precede it, in descending order. {@code inclusive} counts an item with the boundary's own id; a null
     * boundary reads from the first (ascending) or the last (descending) item.
     */
    List<T> read(String orgId, String boundaryId, boolean inclusive, boolean ascending, int max, Instant now);
}
