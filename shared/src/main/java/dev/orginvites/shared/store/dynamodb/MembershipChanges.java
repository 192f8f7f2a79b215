package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A membership's changes other than an accept: an add, a role change, a removal. Each is one transaction whose
 * conditions keep the user's record ({@code USER#}) exactly while the user has a membership, whatever races it: an add
 * takes the record only if it is absent, as an accept does; a role change updates the membership only while it is
 * there (an update that found none would write a half item); a removal deletes both, the record only while it names
 * this membership. A class of its own, made on first use by {@link DynamoMemberships}, so that reading memberships
 * and accepting invites load and verify none of it.
 */
final class MembershipChanges {
    private enum AddStep { ROLE, USER, MEMBERSHIP }

    private enum ChangeStep { ROLE, MEMBERSHIP }

    private enum RemoveStep { MEMBERSHIP, USER, MAILBOX, AUDIT }

    private final PendingInvites pending;
    private final Table table;

    MembershipChanges(PendingInvites pending) {
        this.pending = pending;
        this.table = pending.table;
    }

    Membership add(String orgId, String userId, String roleId, String addedBy, Instant now) {
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> roleKey = Table.key(pk, Keys.role(roleId));
        Item role = table.get(Items.role(), roleKey);
        if (role == null) {
            throw new UnknownRoleException(roleId);
        }
        for (int attempt = 1; ; attempt++) {
            Membership membership = new Membership(pending.newId(now), orgId, userId, null, roleId,
                    role.string(Items.NAME), now, addedBy, null);
            Transaction<AddStep> transaction = new Transaction<AddStep>()
                    .add(AddStep.ROLE, table.conditionCheck(roleKey, Condition.exists()))
                    .add(AddStep.USER, table.put(Items.memberGuard(),
                            DynamoMemberships.memberGuard(pk, userId, membership.id()), Condition.absent()))
                    .add(AddStep.MEMBERSHIP, table.put(Items.membership(),
                            DynamoMemberships.membershipItem(pk, membership), Condition.absent()));
            try {
                transaction.commit(table.dynamoDb);
                return membership;
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, AddStep.ROLE)) {
                    throw new UnknownRoleException(roleId);
                }
                if (transaction.conditionFailed(e, AddStep.USER)) {
                    throw new AlreadyMemberException();
                }
                if (!Transaction.conflicted(e) || attempt == Transaction.ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Checks the role exists and updates the membership, on the condition that it is there, in one transaction. */
    boolean changeRole(String orgId, String membershipId, String roleId, String changedBy, Instant now) {
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> roleKey = Table.key(pk, Keys.role(roleId));
        Item role = table.get(Items.role(), roleKey);
        if (role == null) {
            throw new UnknownRoleException(roleId);
        }
        Map<String, String> names = Map.of("#pk", Items.PK, "#role", Items.ROLE_ID,
                "#roleName", Items.ROLE_NAME, "#by", Items.ROLE_CHANGED_BY, "#at", Items.ROLE_CHANGED_AT);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":role", AttributeValue.fromS(roleId),
                ":by", AttributeValue.fromS(changedBy), ":at", AttributeValue.fromS(now.toString())));
        // A role without a name leaves the membership without one (it shows the role's id), as an add to it does.
        String roleName = role.string(Items.NAME);
        String nameClause = " REMOVE #roleName";
        if (roleName != null) {
            values.put(":roleName", AttributeValue.fromS(roleName));
            nameClause = ", #roleName = :roleName";
        }
        TransactWriteItem update = table.update(Table.key(pk, Keys.membership(membershipId)),
                "SET #role = :role, #by = :by, #at = :at" + nameClause,
                new Condition("attribute_exists(#pk)", names, values));
        for (int attempt = 1; ; attempt++) {
            Transaction<ChangeStep> transaction = new Transaction<ChangeStep>()
                    .add(ChangeStep.ROLE, table.conditionCheck(roleKey, Condition.exists()))
                    .add(ChangeStep.MEMBERSHIP, update);
            try {
                transaction.commit(table.dynamoDb);
                return true;
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, ChangeStep.MEMBERSHIP)) {
                    return false; // never made, or removed meanwhile
                }
                if (transaction.conditionFailed(e, ChangeStep.ROLE)) {
                    throw new UnknownRoleException(roleId);
                }
                if (!Transaction.conflicted(e) || attempt == Transaction.ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Reads the membership, then in one transaction deletes it (on the condition that it is there), deletes the
     * user's record when it names this membership (one that names another is left to it, as a cancel leaves an email
     * guard), deletes its entry in the address index ({@link MailboxIndex}), and writes the audit record.
     */
    boolean remove(String orgId, String membershipId, String removedBy, Instant now) {
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> membershipKey = Table.key(pk, Keys.membership(membershipId));
        boolean userRecordNamesIt = true;
        for (int attempt = 1; ; attempt++) {
            Item membership = table.get(Items.membership(), membershipKey);
            if (membership == null) {
                return false;
            }
            String userId = membership.string(Items.USER_ID);
            Item audit = Item.of("removed_membership", pk, Keys.removed(membershipId))
                    .set(Items.MEMBERSHIP_ID, membershipId)
                    .set(Items.USER_ID, userId)
                    .set(Items.EMAIL, membership.string(Items.EMAIL))
                    .set(Items.USER_NAME, membership.string(Items.USER_NAME))
                    .set(Items.USERNAME, membership.string(Items.USERNAME))
                    .set(Items.ROLE_ID, membership.string(Items.ROLE_ID))
                    .set(Items.ROLE_NAME, membership.string(Items.ROLE_NAME))
                    .set(Items.JOINED_AT, membership.string(Items.JOINED_AT))
                    .set(Items.INVITED_BY, membership.string(Items.INVITED_BY))
                    .set(Items.INVITE_ID, membership.string(Items.INVITE_ID))
                    .set(Items.REMOVED_BY, removedBy)
                    .set(Items.REMOVED_AT, now.toString());
            Transaction<RemoveStep> transaction = new Transaction<RemoveStep>()
                    .add(RemoveStep.MEMBERSHIP, table.delete(membershipKey, Condition.exists()));
            if (userRecordNamesIt) {
                transaction.add(RemoveStep.USER, table.delete(Table.key(pk, Keys.user(userId)),
                        namesMembership(membershipId)));
            }
            Item mailboxEntry = MailboxIndex.entry(pk, membershipId, membership.string(Items.EMAIL));
            if (mailboxEntry != null) {
                // Unconditional: a membership made before the index has no entry until an operator fills it in.
                transaction.add(RemoveStep.MAILBOX, table.delete(Table.key(pk, mailboxEntry.string(Items.SK))));
            }
            transaction.add(RemoveStep.AUDIT, table.put(Items.removedMembership(), audit, Condition.absent()));
            try {
                transaction.commit(table.dynamoDb);
                return true;
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, RemoveStep.MEMBERSHIP)
                        || transaction.conditionFailed(e, RemoveStep.AUDIT)) {
                    return false; // removed meanwhile
                }
                boolean recordElsewhere = transaction.conditionFailed(e, RemoveStep.USER);
                if (!(recordElsewhere || Transaction.conflicted(e)) || attempt == Transaction.ATTEMPTS) {
                    throw e;
                }
                userRecordNamesIt = userRecordNamesIt && !recordElsewhere;
            }
        }
    }

    /** The user's record names this membership. */
    private static Condition namesMembership(String membershipId) {
        return new Condition("#membership = :membership", Map.of("#membership", Items.MEMBERSHIP_ID),
                Map.of(":membership", AttributeValue.fromS(membershipId)));
    }
}
