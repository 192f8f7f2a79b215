package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.EmailAddresses;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The org's address index: an entry per membership that has an address ({@code MAILBOX#<mailbox>#<membership id>},
 * see {@link Keys}), which an accept writes and a removal deletes in their transactions, and which the members list's
 * email filter reads. The mailbox is {@link EmailAddresses#mailbox} of the membership's address, derived here for
 * every one of them, so the key written, the key deleted and the range read agree.
 */
final class MailboxIndex {
    private enum FillStep { MEMBERSHIP, ENTRY }

    private MailboxIndex() {
    }

    /** A membership's entry, or null for one that has no address (an add's) or none that names a mailbox. */
    static Item entry(String pk, String membershipId, String email) {
        String mailbox = email == null ? null : EmailAddresses.mailbox(email);
        return mailbox == null ? null : Item.of("mailbox_entry", pk, Keys.mailbox(mailbox) + membershipId)
                .set(Items.MEMBERSHIP_ID, membershipId);
    }

    /**
     * Writes the entry of every membership of the org that has an address and lacks one, each in a transaction that
     * checks the membership is still there (so a removal racing it leaves no entry behind); reads the org's entries and
     * memberships once.
     *
     * @return how many entries were written
     */
    static int fill(Table table, String orgId) {
        String pk = Keys.org(orgId);
        Set<String> indexed = new HashSet<>();
        for (Item entry : table.all(Items.mailboxEntry(), pk, Keys.MAILBOX)) {
            indexed.add(entry.string(Items.MEMBERSHIP_ID));
        }
        int written = 0;
        for (Item membership : table.all(Items.membership(), pk, Keys.MEMBERSHIP)) {
            String membershipId = membership.string(Items.MEMBERSHIP_ID);
            Item entry = entry(pk, membershipId, membership.string(Items.EMAIL));
            if (entry != null && !indexed.contains(membershipId) && write(table, pk, membershipId, entry)) {
                written++;
            }
        }
        return written;
    }

    /** Whether the entry was written: not when the membership was removed, or its entry written, meanwhile. */
    private static boolean write(Table table, String pk, String membershipId, Item entry) {
        Map<String, AttributeValue> membershipKey = Table.key(pk, Keys.membership(membershipId));
        for (int attempt = 1; ; attempt++) {
            Transaction<FillStep> transaction = new Transaction<FillStep>()
                    .add(FillStep.MEMBERSHIP, table.conditionCheck(membershipKey, Condition.exists()))
                    .add(FillStep.ENTRY, table.put(Items.mailboxEntry(), entry, Condition.absent()));
            try {
                transaction.commit(table.dynamoDb);
                return true;
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, FillStep.MEMBERSHIP)
                        || transaction.conditionFailed(e, FillStep.ENTRY)) {
                    return false;
                }
                if (!Transaction.conflicted(e) || attempt == Transaction.ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
