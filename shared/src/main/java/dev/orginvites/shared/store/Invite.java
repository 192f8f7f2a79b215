package dev.orginvites.shared.store;

/**
 * A pending invitation to an org, as the API shows it. The stored item holds more (who invited, when, when it
 * expires), which only the store reads.
 *
 * @param id the invite's UUIDv7, of the time it was created, so ids sort in creation order
 * @param email the address as the inviter gave it, trimmed
 * @param roleName the role's name when the invite was made; null when the role had none
 */
public record Invite(String id, String orgId, String email, String roleId, String roleName) implements Identified {
}
