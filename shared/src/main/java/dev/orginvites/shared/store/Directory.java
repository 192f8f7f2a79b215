package dev.orginvites.shared.store;

/**
 * What the API reads about an org but does not manage: its roles. Roles are managed outside the API (see
 * docs/operating.md); the local API's seed and the tests set them up with this.
 */
public interface Directory {
    /**
     * Adds or renames a role in an org.
     *
     * @throws IllegalArgumentException when the name is missing or blank: the API shows it, as a string
     */
    void putRole(String orgId, String roleId, String name);
}
