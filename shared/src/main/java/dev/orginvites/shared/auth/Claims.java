package dev.orginvites.shared.auth;

import java.util.Set;

/**
 * What the authorizer vouches for: the caller ({@code sub}), the org its token is scoped to ({@code org_id}, null
 * when the token names none), its permissions, its email address ({@code email}, null when the token has none)
 * with whether the identity provider verified it ({@code email_verified}), and the names OpenID Connect's standard
 * claims give the caller ({@code name}, {@code preferred_username}), each null when absent or not fit to show
 * ({@link dev.orginvites.shared.text.DisplayNames}).
 */
public record Claims(String subject, String orgId, Set<String> permissions, String email, boolean emailVerified,
        String name, String preferredUsername) {
    public Claims {
        permissions = Set.copyOf(permissions);
    }

    /** A caller whose token carries no names. */
    public Claims(String subject, String orgId, Set<String> permissions, String email, boolean emailVerified) {
        this(subject, orgId, permissions, email, emailVerified, null, null);
    }

    /** A caller whose token carries no email address and no names. */
    public Claims(String subject, String orgId, Set<String> permissions) {
        this(subject, orgId, permissions, null, false);
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

    /** The caller's email address when the identity provider verified it, else null. */
    public String verifiedEmail() {
        return emailVerified ? email : null;
    }
}
