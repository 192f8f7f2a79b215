package dev.orginvites.shared.store;

import java.util.List;
import java.util.Optional;

/**
 * What the directory holds about an org: its name, if it was given one, and its roles in id order.
 *
 * @param name the org's name, or null when it has none
 */
public record DirectoryOrg(String id, String name, List<Role> roles) {
    public DirectoryOrg {
        roles = List.copyOf(roles);
    }

    public Optional<String> optionalName() {
        return Optional.ofNullable(name);
    }
}
