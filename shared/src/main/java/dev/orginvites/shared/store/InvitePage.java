package dev.orginvites.shared.store;

import java.util.List;

/** One page of pending invites in ascending id order, and whether pending invites lie before and after it. */
public final class InvitePage {
    private final List<Invite> invites;
    private final boolean hasPrevious;
    private final boolean hasNext;
    private final int itemsRead;
    private final double capacityUnits;

    public InvitePage(List<Invite> invites, boolean hasPrevious, boolean hasNext, int itemsRead, double capacityUnits) {
        this.invites = List.copyOf(invites);
        this.hasPrevious = hasPrevious;
        this.hasNext = hasNext;
        this.itemsRead = itemsRead;
        this.capacityUnits = capacityUnits;
    }

    public List<Invite> invites() {
        return invites;
    }

    public boolean hasPrevious() {
        return hasPrevious;
    }

    public boolean hasNext() {
        return hasNext;
    }

    /** Items DynamoDB read to build the page (the Query's ScannedCount, summed): what the page is billed for. */
    public int itemsRead() {
        return itemsRead;
    }

    /** Read capacity units the page consumed, as DynamoDB reports them (NaN where the endpoint reports none). */
    public double capacityUnits() {
        return capacityUnits;
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
