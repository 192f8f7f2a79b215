package dev.orginvites.shared.store;

import java.time.Instant;

/**
 * A user's membership of an org, made by accepting an invitation or by an add ({@link Memberships#add}).
 *
 * @param id the membership's UUIDv7, of the time it was made, so ids sort in joining order
 * @param userId the user's id: the {@code sub} of the user who accepted, or the one an add named
 * @param email the invitation's address, which the user's verified email matched; null for an add
 * @param userNames the names the user's token carried when they accepted; none for an add
 * @param invitedBy who invited the user, or who added them
 * @param inviteId the invitation it was made from; null for an add
 */
public record Membership(String id, String orgId, String userId, String email, UserNames userNames, String roleId,
        String roleName, Instant joinedAt, String invitedBy, String inviteId) implements Identified {
    public Membership {
        userNames = userNames == null ? UserNames.NONE : userNames;
    }

    /** A membership whose user is known by no names (an add, or an accept with a token that carried none). */
    public Membership(String id, String orgId, String userId, String email, String roleId, String roleName,
            Instant joinedAt, String invitedBy, String inviteId) {
        this(id, orgId, userId, email, UserNames.NONE, roleId, roleName, joinedAt, invitedBy, inviteId);
    }

    /** This membership with another role, as a role change leaves it: the rest, the user's names included, kept. */
    public Membership withRole(String roleId, String roleName) {
        return new Membership(id, orgId, userId, email, userNames, roleId, roleName, joinedAt, invitedBy, inviteId);
    }
}
