package dev.orginvites.shared.store.dynamodb;

/**
 * The table's key layout. Everything about an org lives in its partition, {@code ORG#<org id>}; the sort key
 * says what an item is:
 *
 * <pre>
 *   INVITE#&lt;invite id&gt;       a pending invite: one issue of it (key order is id order, which is issue order:
 *                            see TimeOrderedIds); a resend replaces it with a new id
 *   EMAIL#&lt;normalized email&gt;  the guard that keeps one pending invite per address, naming it
 *   ORG                      the org's own entry in the directory: its name
 *   QUOTA                    the org's invite quota: its own limit (set in the directory) and its recent sends
 *   ROLE#&lt;role id&gt;           a role invites can grant (the directory lists an org's roles by this range)
 *   CANCELLED#&lt;invite id&gt;    the audit record of a cancelled invite
 *   REISSUED#&lt;invite id&gt;     the audit record of a resend: the invite it replaced, by whom, when, and the new id
 *   ACCEPTED#&lt;invite id&gt;     the audit record of an accepted invite: by whom, when, and the membership made
 *   MEMBER#&lt;membership id&gt;   a membership, made by an accept or an add (UUIDv7 of that moment: key order is joining
 *                            order)
 *   USER#&lt;user id&gt;           the guard that keeps one membership per user (the JWT's sub), naming it
 *   MAILBOX#&lt;normalized email&gt;#&lt;membership id&gt;
 *                            a membership's entry in the org's address index, which the members list's email filter
 *                            reads: one per membership made by an accept (an add has no address), written and
 *                            deleted with it (key order within an address is joining order)
 *   REMOVED#&lt;membership id&gt;  the audit record of a removed membership: what it was, by whom, when
 *   IDEMPOTENCY#&lt;scope&gt;      a create's idempotency key (a digest of caller and key)
 * </pre>
 *
 * <p>Pages read the {@code INVITE#} and {@code MEMBER#} ranges, and the directory the {@code ROLE#} range; no other
 * prefix sorts inside any of them. A page filtered by email reads one address's {@code MAILBOX#<address>#} range:
 * no other address's entries sort inside it, because a member's address has no {@code @} in its local part and only
 * letters, digits, dots and hyphens in its domain, so none is another's followed by {@code #}.
 */
final class Keys {
    static final String INVITE = "INVITE#";
    static final String MEMBERSHIP = "MEMBER#";
    static final String ROLE = "ROLE#";
    static final String MAILBOX = "MAILBOX#";
    static final String ORG_ENTRY = "ORG";
    static final String QUOTA = "QUOTA";

    private Keys() {
    }

    static String org(String orgId) {
        return "ORG#" + orgId;
    }

    static String invite(String inviteId) {
        return INVITE + inviteId;
    }

    static String emailGuard(String normalizedEmail) {
        return "EMAIL#" + normalizedEmail;
    }

    static String role(String roleId) {
        return ROLE + roleId;
    }

    static String orgEntry() {
        return ORG_ENTRY;
    }

    static String cancelled(String inviteId) {
        return "CANCELLED#" + inviteId;
    }

    static String reissued(String inviteId) {
        return "REISSUED#" + inviteId;
    }

    static String accepted(String inviteId) {
        return "ACCEPTED#" + inviteId;
    }

    static String membership(String membershipId) {
        return MEMBERSHIP + membershipId;
    }

    static String removed(String membershipId) {
        return "REMOVED#" + membershipId;
    }

    static String user(String userId) {
        return "USER#" + userId;
    }

    /** The prefix of one address's entries in the address index, which a membership's id completes. */
    static String mailbox(String normalizedEmail) {
        return MAILBOX + normalizedEmail + "#";
    }

    static String idempotency(String scope) {
        return "IDEMPOTENCY#" + scope;
    }
}
