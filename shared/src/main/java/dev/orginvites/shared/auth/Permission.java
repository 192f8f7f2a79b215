package dev.orginvites.shared.auth;

/**
 * The permission names the operations require, as Snyk names them. A permission is declared here, and named only in
 * the declarations of the operations that need it: every list of all of them (the local API's token and banner, the
 * system tests' caller with every permission, docs/reference.md) is derived from those declarations
 * ({@code Operation.permissionsOf}).
 */
public final class Permission {
    public static final String ORG_READ = "org.read";
    public static final String ORG_USER_READ = "org.user.read";
    public static final String ORG_USER_INVITE = "org.user.invite";
    public static final String ORG_MEMBERSHIP_READ = "org.membership.read";
    public static final String ORG_MEMBERSHIP_ADD = "org.membership.add";
    public static final String ORG_MEMBERSHIP_EDIT = "org.membership.edit";
    public static final String ORG_MEMBERSHIP_DELETE = "org.membership.delete";

    private Permission() {
    }
}
