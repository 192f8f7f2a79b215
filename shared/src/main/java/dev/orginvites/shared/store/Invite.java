package dev.orginvites.shared.store;

import java.time.Instant;

/**
 * A pending invitation to an org.
 *
 * @param id the invite's UUIDv7, so ids sort in creation order
 * @param email the address as the inviter gave it, trimmed
 * @param roleName the role's name when the invite was made
 */
public record Invite(String id, String orgId, String email, String roleId, String roleName, String invitedBy,
        Instant createdAt, Instant expiresAt) {
}
