package dev.orginvites.shared.store;

import java.util.List;

/** One page of an org's memberships in ascending id (joining) order, and the cursors of the pages around it. */
public record MembershipPage(List<Membership> memberships, String previousCursor, String nextCursor) {
    public MembershipPage {
        memberships = List.copyOf(memberships);
    }
}
