package dev.orginvites.shared.store;

import java.time.Instant;

/**
 * A user's membership of an org, made by accepting an invitation or by an add ({@link Memberships#add}).
 *
 * @param id the membership's UUIDv7, of the time it was made, so ids sort in joining order
 * @param userId the user's id: the {@code sub} of the user who accepted, or the one an add named
 * @param email the invitation's address, which the user's verified email matched; null for an add
 * @param invitedBy who invited the user, or who added them
 * @param inviteId the invitation it was made from; null for an add
 */
public record Membership(String id, String orgId, String userId, String email, String roleId, String roleName,
        Instant joinedAt, String invitedBy, String inviteId) implements Identified {
}
