package dev.orginvites.shared.store;

/**
 * A pending invitation to an org, as the API shows it. The stored item holds more (who invited, when, when it
 * expires), which only the store reads.
 *
 * @param id the invite's UUIDv7, of the time it was created, so ids sort in creation order
 * @param email the address as the inviter gave it, trimmed
 * @param roleName the role's name when the invite was made; null when the role had none
 * @param failure why and when its email failed for good (it bounced, was suppressed, marked as spam or
 *     rejected), or null: a failed invitation stays pending, holding its address, but is never sent again
 */
public record Invite(String id, String orgId, String email, String roleId, String roleName, DeliveryProblem failure)
        implements Identified {

    /** An invitation whose email has not failed. */
    public Invite(String id, String orgId, String email, String roleId, String roleName) {
        this(id, orgId, email, roleId, roleName, null);
    }
}
