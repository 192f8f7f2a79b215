package dev.orginvites.shared.store;

import java.time.Instant;

/**
 * A user's membership of an org, made by accepting an invitation.
 *
 * @param id the membership's UUIDv7, of the time it was made, so ids sort in joining order
 * @param userId the {@code sub} of the user who accepted
 * @param email the invitation's address, which the user's verified email matched
 * @param inviteId the invitation it was made from
 */
public record Membership(String id, String orgId, String userId, String email, String roleId, String roleName,
        Instant joinedAt, String invitedBy, String inviteId) implements Identified {
}
