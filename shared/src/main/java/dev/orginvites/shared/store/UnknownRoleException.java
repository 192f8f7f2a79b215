package dev.orginvites.shared.store;

/** The role an invite names does not exist in the org. */
public final class UnknownRoleException extends RuntimeException {
    public UnknownRoleException(String roleId) {
        super("role " + roleId + " does not exist in this org", null, false, false);
    }
}
