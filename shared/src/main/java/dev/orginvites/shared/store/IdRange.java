package dev.orginvites.shared.store;

/**
 * The ids one {@link OrderedItems} read covers, from {@code lowestId} to {@code highestId} (both included), read
 * after {@code startAfterId} in the read's direction when that is set. Only ids at or above the floor can be
 * pending, so a range never reaches below it: a boundary below the floor (its invite expired since it was named)
 * reads ascending from the floor and has nothing pending below it.
 */
public record IdRange(String lowestId, String highestId, String startAfterId) {

    /** The range of a read, or null when nothing can be pending there. */
    public static IdRange of(String floorId, String boundaryId, boolean inclusive, boolean ascending) {
        if (boundaryId == null || boundaryId.compareTo(floorId) < 0) {
            return boundaryId != null && !ascending ? null : new IdRange(floorId, TimeOrderedIds.LAST, null);
        }
        if (!inclusive) {
            return new IdRange(floorId, TimeOrderedIds.LAST, boundaryId);
        }
        return ascending ? new IdRange(boundaryId, TimeOrderedIds.LAST, null) : new IdRange(floorId, boundaryId, null);
    }
}
