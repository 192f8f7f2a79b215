package dev.orginvites.shared.store;

import java.util.List;
import java.util.Optional;

/**
 * What the directory holds about an org: its name, if it was given one, its roles in id order, and its own
 * {@link InviteQuota}, if it was given one.
 *
 * @param name the org's name, or null when it has none
 * @param invitesPerDay the org's own invite quota, or null when the table's default applies
 */
public record DirectoryOrg(String id, String name, List<Role> roles, Integer invitesPerDay) {
    public DirectoryOrg {
        roles = List.copyOf(roles);
    }

    public DirectoryOrg(String id, String name, List<Role> roles) {
        this(id, name, roles, null);
    }

    public Optional<String> optionalName() {
        return Optional.ofNullable(name);
    }
}
