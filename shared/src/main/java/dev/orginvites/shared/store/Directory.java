package dev.orginvites.shared.store;

import java.util.List;
import java.util.Optional;

/**
 * What the API reads about an org but does not manage: its roles, its name and its own {@link InviteQuota}. They
 * are managed outside the API, with the admin command ({@code ./org-invites-admin}, docs/operating.md); the local
 * API's seed and the tests set them up with this port too. Every method checks its arguments by {@link DirectoryRules} (ids are UUIDs, kept in
 * lower case; names trimmed, non-blank, bounded, without control characters) and refuses others with an
 * {@link IllegalArgumentException}, before reading or writing anything.
 *
 * <p>Removing a role changes nothing already made: an invitation copies its role's id and name when it is created
 * (a resend keeps them) and a membership copies them from the invitation at accept, so pending invitations and
 * memberships keep the role they were given, and an accept still makes the membership with it. Only new creates
 * see the removal: one naming the role is refused as for any unknown role ({@link UnknownRoleException}; a 400).
 * Nothing is scanned: a removal costs the same whatever the org's size.
 */
public interface Directory {
    /** Adds a role to an org, or renames it. */
    void putRole(String orgId, String roleId, String name);

    /** The org's roles in id order: one Query over its roles, whatever else the org holds. */
    List<Role> roles(String orgId);

    /**
     * Removes a role from an org.
     *
     * @return whether the org had it
     */
    boolean removeRole(String orgId, String roleId);

    /** Names an org, or renames it. */
    void nameOrg(String orgId, String name);

    /** The org's name, if it was given one. */
    Optional<String> orgName(String orgId);

    /**
     * Sets the org's own {@link InviteQuota}, in place of the table's default; sends already counted stay counted.
     *
     * @throws IllegalArgumentException when {@code invitesPerDay} is not 1 to {@value InviteQuota#MAX}
     */
    void setInviteQuota(String orgId, int invitesPerDay);

    /** Gives the org back the table's default {@link InviteQuota}; sends already counted stay counted. */
    void clearInviteQuota(String orgId);

    /** The org's own invites per day, if it was given a limit of its own. */
    Optional<Integer> inviteQuota(String orgId);

    /** The org's name, roles and own invite quota, or empty when it has none of them. */
    default Optional<DirectoryOrg> org(String orgId) {
        String id = DirectoryRules.id("org id", orgId);
        String name = orgName(id).orElse(null);
        List<Role> roles = roles(id);
        Integer invitesPerDay = inviteQuota(id).orElse(null);
        return name == null && roles.isEmpty() && invitesPerDay == null ? Optional.empty()
                : Optional.of(new DirectoryOrg(id, name, roles, invitesPerDay));
    }
}
