package dev.orginvites.shared.auth;

import java.util.Set;

/**
 * What the authorizer vouches for: the caller ({@code sub}), the org its token is scoped to ({@code org_id}, null
 * when the token names none) and its permissions.
 */
public record Claims(String subject, String orgId, Set<String> permissions) {
    public Claims {
        permissions = Set.copyOf(permissions);
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
