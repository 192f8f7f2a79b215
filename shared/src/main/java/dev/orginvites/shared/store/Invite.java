package dev.orginvites.shared.store;

import java.time.Instant;

/** A pending invitation to an org. */
public final class Invite {
    private final String id;
    private final String orgId;
    private final String email;
    private final String roleId;
    private final String roleName;
    private final String invitedBy;
    private final Instant createdAt;
    private final Instant expiresAt;

    public Invite(String id, String orgId, String email, String roleId, String roleName, String invitedBy,
            Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.orgId = orgId;
        this.email = email;
        this.roleId = roleId;
        this.roleName = roleName;
        this.invitedBy = invitedBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /** The invite's UUIDv7, so ids sort in creation order. */
    public String id() {
        return id;
    }

    public String orgId() {
        return orgId;
    }

    /** The address as the inviter gave it, trimmed. */
    public String email() {
        return email;
    }

    public String roleId() {
        return roleId;
    }

    /** The role's name when the invite was made. */
    public String roleName() {
        return roleName;
    }

    public String invitedBy() {
        return invitedBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
