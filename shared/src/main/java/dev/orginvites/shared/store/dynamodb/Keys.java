package dev.orginvites.shared.store.dynamodb;

/**
 * The table's key layout. Everything about an org lives in its partition, {@code ORG#<org id>}; the sort key
 * says what an item is:
 *
 * <pre>
 *   INVITE#&lt;invite id&gt;       an invite (key order is id order, which is creation order: see InviteIds)
 *   EMAIL#&lt;normalized email&gt;  the guard that keeps one pending invite per address
 *   ROLE#&lt;role id&gt;           a role invites can grant
 *   CANCELLED#&lt;invite id&gt;    the audit record of a cancelled invite (outside the INVITE# range)
 *   IDEMPOTENCY#&lt;scope&gt;      a create's idempotency key (a digest of caller and key, outside the INVITE# range)
 * </pre>
 */
final class Keys {
    private Keys() {
    }

    static String org(String orgId) {
        return "ORG#" + orgId;
    }

    static String invite(String inviteId) {
        return "INVITE#" + inviteId;
    }

    static String emailGuard(String normalizedEmail) {
        return "EMAIL#" + normalizedEmail;
    }

    static String role(String roleId) {
        return "ROLE#" + roleId;
    }

    static String cancelled(String inviteId) {
        return "CANCELLED#" + inviteId;
    }

    static String idempotency(String scope) {
        return "IDEMPOTENCY#" + scope;
    }
}
