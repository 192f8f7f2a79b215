package dev.orginvites.shared.store;

import java.util.List;

/**
 * One page of pending invites in ascending id order, and whether pending invites lie before and after it.
 *
 * @param itemsRead items DynamoDB read to build the page (the Queries' ScannedCount, summed): what it is billed for
 * @param capacityUnits read capacity units the page consumed, as DynamoDB reports them (NaN where the endpoint
 *     reports none)
 */
public record InvitePage(List<Invite> invites, boolean hasPrevious, boolean hasNext, int itemsRead,
        double capacityUnits) {
    public InvitePage {
        invites = List.copyOf(invites);
    }

    /** The cursor that names the page's first invite (for the previous page). */
    public String firstCursor() {
        return invites.isEmpty() ? null : Cursor.of(invites.get(0).id());
    }

    /** The cursor that names the page's last invite (for the next page). */
    public String lastCursor() {
        return invites.isEmpty() ? null : Cursor.of(invites.get(invites.size() - 1).id());
    }
}
