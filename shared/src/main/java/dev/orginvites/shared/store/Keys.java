package dev.orginvites.shared.store;

import java.util.Locale;

/**
 * The table's key layout. Everything about an org lives in its partition, {@code ORG#<org id>}; the sort key
 * says what an item is:
 *
 * <pre>
 *   INVITE#&lt;invite id&gt;       an invite (ids are UUIDv7 of the creating request's time: key order is creation
 *                            order, and an id says when its invite was made)
 *   EMAIL#&lt;normalized email&gt;  the guard that keeps one pending invite per address
 *   ROLE#&lt;role id&gt;           a role invites can grant
 *   CANCELLED#&lt;invite id&gt;    the audit record of a cancelled invite (outside the INVITE# range)
 * </pre>
 */
final class Keys {
    static final String INVITE_PREFIX = "INVITE#";
    /** The first id any invite can have: every lower-case UUID sorts at or after it. */
    static final String FIRST_ID = "00000000-0000-0000-0000-000000000000";
    /** The last id any invite can have: every lower-case UUID sorts at or before it. */
    static final String LAST_ID = "ffffffff-ffff-ffff-ffff-ffffffffffff";

    private Keys() {
    }

    static String org(String orgId) {
        return "ORG#" + orgId;
    }

    static String invite(String inviteId) {
        return INVITE_PREFIX + inviteId;
    }

    /**
     * The smallest UUIDv7 of a millisecond, written as ids are (lower-case hex), so that every id made at or after
     * that millisecond sorts at or after it.
     */
    static String firstIdAt(long epochMillis) {
        String hex = Long.toHexString(Math.max(0, epochMillis) | 1L << 48).substring(1);
        return hex.substring(0, 8) + "-" + hex.substring(8) + "-7000-8000-000000000000";
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

    /** Addresses compare trimmed and lower-cased. */
    static String normalizeEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
