package dev.orginvites.shared.auth;

import java.util.Set;

/**
 * What the authorizer vouches for: the caller ({@code sub}), the org its token is scoped to ({@code org_id},
 * possibly absent) and its permissions.
 */
public final class Claims {
    private final String subject;
    private final String orgId;
    private final Set<String> permissions;

    public Claims(String subject, String orgId, Set<String> permissions) {
        this.subject = subject;
        this.orgId = orgId;
        this.permissions = Set.copyOf(permissions);
    }

    public String subject() {
        return subject;
    }

    /** The org the token is scoped to, or null when the token names none. */
    public String orgId() {
        return orgId;
    }

    public Set<String> permissions() {
        return permissions;
    }

    /** Whether the token is scoped to this org (compared as canonical UUID text, case-insensitively). */
    public boolean canSee(String pathOrgId) {
        return orgId != null && orgId.trim().equalsIgnoreCase(pathOrgId);
    }

    /** The first of {@code required} the token lacks, or null when it has them all. */
    public String missing(Iterable<String> required) {
        for (String permission : required) {
            if (!permissions.contains(permission)) {
                return permission;
            }
        }
        return null;
    }
}
