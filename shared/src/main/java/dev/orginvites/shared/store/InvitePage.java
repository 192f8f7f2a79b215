package dev.orginvites.shared.store;

import java.util.List;

/**
 * One page of pending invites in ascending id order, and the cursors of the pages around it.
 *
 * @param previousCursor the cursor for {@code ending_before} that reads the pending invites before this page; null
 *     when none precede it
 * @param nextCursor the cursor for {@code starting_after} that reads the pending invites after this page; null when
 *     none follow it
 */
public record InvitePage(List<Invite> invites, String previousCursor, String nextCursor) {
    public InvitePage {
        invites = List.copyOf(invites);
    }
}
