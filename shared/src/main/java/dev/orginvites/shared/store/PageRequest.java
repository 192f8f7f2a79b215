package dev.orginvites.shared.store;

/**
 * Which page to read: up to {@code limit} invites after the invite a cursor names ({@code startingAfter}),
 * before it ({@code endingBefore}), or from the start when neither is given. At most one cursor is set.
 */
public record PageRequest(int limit, String startingAfter, String endingBefore) {
    public PageRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        if (startingAfter != null && endingBefore != null) {
            throw new IllegalArgumentException("at most one cursor");
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null, null);
    }

    /** @param inviteId the invite a decoded cursor names ({@link Cursor#inviteId}) */
    public static PageRequest after(int limit, String inviteId) {
        return new PageRequest(limit, inviteId, null);
    }

    /** @param inviteId the invite a decoded cursor names ({@link Cursor#inviteId}) */
    public static PageRequest before(int limit, String inviteId) {
        return new PageRequest(limit, null, inviteId);
    }
}
