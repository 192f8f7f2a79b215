package dev.orginvites.shared.auth;

/** The permission names the operations require, as Snyk names them. */
public final class Permission {
    public static final String ORG_READ = "org.read";
    public static final String ORG_USER_READ = "org.user.read";
    public static final String ORG_USER_INVITE = "org.user.invite";
    public static final String ORG_MEMBERSHIP_READ = "org.membership.read";

    private Permission() {
    }
}
