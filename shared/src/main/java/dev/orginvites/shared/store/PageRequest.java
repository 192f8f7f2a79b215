package dev.orginvites.shared.store;

/**
 * Which page to read: up to {@code limit} items (pending invites, or memberships) whose ids follow
 * {@code startsAfterId}, or precede {@code endsBeforeId}, or from the first item when neither is given. At most one
 * is set. Either id may name an item no longer there (or the first or last id there can be): it is a position, not a
 * lookup.
 */
public record PageRequest(int limit, String startsAfterId, String endsBeforeId) {
    public PageRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        if (startsAfterId != null && endsBeforeId != null) {
            throw new IllegalArgumentException("a page starts after an id or ends before one, not both");
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null, null);
    }

    /** @param id the item a decoded cursor names ({@link Cursor#id}) */
    public static PageRequest after(int limit, String id) {
        return new PageRequest(limit, id, null);
    }

    /** @param id the item a decoded cursor names ({@link Cursor#id}) */
    public static PageRequest before(int limit, String id) {
        return new PageRequest(limit, null, id);
    }

    /** Whether the page ends before an id (read backward) rather than starting after one or at the start. */
    public boolean backward() {
        return endsBeforeId != null;
    }

    /** Whether an item with this id lies on the page's side of its cursor (every id does, for a first page). */
    public boolean admits(String id) {
        return (startsAfterId == null || id.compareTo(startsAfterId) > 0)
                && (endsBeforeId == null || id.compareTo(endsBeforeId) < 0);
    }
}
