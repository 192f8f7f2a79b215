package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.IdRange;
import dev.orginvites.shared.store.Identified;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Pages;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link Memberships} on the table: an accept turns a pending invite ({@link PendingInvites}) into a membership, with
 * the user's uniqueness record ({@code USER#}) that keeps one membership per user and org; adds, role changes and
 * removals are {@link MembershipChanges}. A class of its own, so the invitation functions load none of it.
 */
final class DynamoMemberships implements Memberships {
    private enum AcceptStep { INVITE, GUARD, USER, MEMBERSHIP, MAILBOX, AUDIT }

    private final PendingInvites pending;
    private final Table table;
    private MembershipChanges changes;

    DynamoMemberships(PendingInvites pending) {
        this.pending = pending;
        this.table = pending.table;
    }

    /**
     * Reads the invite, then in one transaction deletes it (on the condition that it is still pending with the
     * token's nonce), deletes its email guard when the guard names it (as {@link DynamoInvitations#cancel} does),
     * takes the user's uniqueness record (which fails when the user is a member already), and writes the membership,
     * its entry in the address index ({@link MailboxIndex}) and the audit record.
     */
    @Override
    public Optional<Membership> accept(String orgId, String inviteId, String tokenNonce, String userId,
            UserNames userNames, Instant now) {
        if (tokenNonce == null) {
            return Optional.empty();
        }
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> inviteKey = Table.key(pk, Keys.invite(inviteId));
        boolean guardNamesIt = true;
        for (int attempt = 1; ; attempt++) {
            Item invite = pending.pending(orgId, inviteId, now);
            if (invite == null || !tokenNonce.equals(invite.string(Items.TOKEN_NONCE))) {
                return Optional.empty();
            }
            Membership membership = new Membership(pending.newId(now), orgId, userId, invite.string(Items.EMAIL),
                    userNames, invite.string(Items.ROLE_ID), invite.string(Items.ROLE_NAME), now,
                    invite.string(Items.INVITED_BY), inviteId);
            Condition pendingWithNonce = new Condition("attribute_exists(#pk) AND #expires > :now AND #nonce = :nonce",
                    Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT, "#nonce", Items.TOKEN_NONCE),
                    Map.of(":now", Table.epochSeconds(now), ":nonce", AttributeValue.fromS(tokenNonce)));
            Item memberGuard = memberGuard(pk, userId, membership.id());
            Item audit = PendingInvites.endOf(invite, "accepted_invite", Keys.accepted(inviteId))
                    .set(Items.USER_ID, userId)
                    .set(Items.MEMBERSHIP_ID, membership.id())
                    .set(Items.ACCEPTED_AT, now.toString());
            Transaction<AcceptStep> transaction = new Transaction<AcceptStep>()
                    .add(AcceptStep.INVITE, table.delete(inviteKey, pendingWithNonce));
            if (guardNamesIt) {
                transaction.add(AcceptStep.GUARD,
                        table.delete(Table.key(pk, Keys.emailGuard(invite.string(Items.EMAIL_NORMALIZED))),
                                PendingInvites.names(inviteId)));
            }
            transaction.add(AcceptStep.USER, table.put(Items.memberGuard(), memberGuard, Condition.absent()))
                    .add(AcceptStep.MEMBERSHIP, table.put(Items.membership(), membershipItem(pk, membership),
                            Condition.absent()));
            Item mailboxEntry = MailboxIndex.entry(pk, membership.id(), membership.email());
            if (mailboxEntry != null) {
                transaction.add(AcceptStep.MAILBOX, table.put(Items.mailboxEntry(), mailboxEntry, Condition.absent()));
            }
            transaction.add(AcceptStep.AUDIT, table.put(Items.acceptedInvite(), audit, Condition.absent()));
            try {
                transaction.commit(table.dynamoDb);
                return Optional.of(membership);
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, AcceptStep.INVITE)
                        || transaction.conditionFailed(e, AcceptStep.AUDIT)) {
                    return Optional.empty(); // accepted, cancelled, re-issued or expired meanwhile
                }
                if (transaction.conditionFailed(e, AcceptStep.USER)) {
                    throw new AlreadyMemberException();
                }
                boolean guardElsewhere = transaction.conditionFailed(e, AcceptStep.GUARD);
                if (!(guardElsewhere || Transaction.conflicted(e)) || attempt == Transaction.ATTEMPTS) {
                    throw e;
                }
                guardNamesIt = guardNamesIt && !guardElsewhere;
            }
        }
    }

    /** The user's record, which keeps one membership per user and org, naming it. */
    static Item memberGuard(String pk, String userId, String membershipId) {
        return Item.of("member_guard", pk, Keys.user(userId))
                .set(Items.USER_ID, userId)
                .set(Items.MEMBERSHIP_ID, membershipId);
    }

    static Item membershipItem(String pk, Membership membership) {
        return Item.of("membership", pk, Keys.membership(membership.id()))
                .set(Items.MEMBERSHIP_ID, membership.id())
                .set(Items.USER_ID, membership.userId())
                .set(Items.EMAIL, membership.email())
                .set(Items.USER_NAME, membership.userNames().name())
                .set(Items.USERNAME, membership.userNames().username())
                .set(Items.ROLE_ID, membership.roleId())
                .set(Items.ROLE_NAME, membership.roleName())
                .set(Items.JOINED_AT, membership.joinedAt().toString())
                .set(Items.INVITED_BY, membership.invitedBy())
                .set(Items.INVITE_ID, membership.inviteId());
    }

    private static Membership toMembership(String orgId, Item item) {
        return new Membership(item.string(Items.MEMBERSHIP_ID), orgId, item.string(Items.USER_ID),
                item.string(Items.EMAIL), new UserNames(item.string(Items.USER_NAME), item.string(Items.USERNAME)),
                item.string(Items.ROLE_ID), item.string(Items.ROLE_NAME),
                Instant.parse(item.string(Items.JOINED_AT)), item.string(Items.INVITED_BY),
                item.string(Items.INVITE_ID));
    }

    @Override
    public MembershipPage list(String orgId, PageRequest page) {
        Pages.Page<Membership> read = Pages.read(this::read, orgId, page, null);
        return new MembershipPage(read.items(), read.previousCursor(), read.nextCursor());
    }

    /** The org's memberships, for {@link Pages}: one Query over the range's keys. */
    private List<Membership> read(String orgId, String boundaryId, boolean inclusive, boolean ascending,
            int max, Instant now) {
        List<Membership> memberships = new ArrayList<>(max);
        for (Item item : table.query(Items.membership(), Keys.org(orgId), Keys.MEMBERSHIP,
                IdRange.of(TimeOrderedIds.FIRST, boundaryId, inclusive, ascending), ascending, max, null)) {
            memberships.add(toMembership(orgId, item));
        }
        return memberships;
    }

    /**
     * One Query of the address's entries in the index ({@link Pages}' read, and its probe), then one BatchGetItem of
     * the memberships they name. A membership removed between the two reads is left off the page.
     */
    @Override
    public MembershipPage listByEmail(String orgId, String email, PageRequest page) {
        String prefix = Keys.mailbox(Invitations.mailboxKey(email));
        Pages.Page<Entry> entries = Pages.read((org, boundaryId, inclusive, ascending, max, now) -> {
            List<Entry> found = new ArrayList<>(max);
            for (Item entry : table.query(Items.mailboxEntry(), Keys.org(org), prefix,
                    IdRange.of(TimeOrderedIds.FIRST, boundaryId, inclusive, ascending), ascending, max, null)) {
                found.add(new Entry(entry.string(Items.MEMBERSHIP_ID)));
            }
            return found;
        }, orgId, page, null);
        String pk = Keys.org(orgId);
        List<Map<String, AttributeValue>> keys = new ArrayList<>(entries.items().size());
        for (Entry entry : entries.items()) {
            keys.add(Table.key(pk, Keys.membership(entry.id())));
        }
        Map<String, Membership> byId = new HashMap<>();
        for (Item item : table.getAll(Items.membership(), keys)) {
            Membership membership = toMembership(orgId, item);
            byId.put(membership.id(), membership);
        }
        List<Membership> memberships = new ArrayList<>(keys.size());
        for (Entry entry : entries.items()) {
            Membership membership = byId.get(entry.id());
            if (membership != null) {
                memberships.add(membership);
            }
        }
        return new MembershipPage(memberships, entries.previousCursor(), entries.nextCursor());
    }

    /** An entry of the address index, as {@link Pages} pages it: the id of the membership it names. */
    private record Entry(String id) implements Identified {
    }

    @Override
    public int indexEmails(String orgId) {
        return MailboxIndex.fill(table, orgId);
    }

    /** One consistent GetItem. */
    @Override
    public Optional<Membership> find(String orgId, String membershipId) {
        Item item = table.get(Items.membership(), Table.key(Keys.org(orgId), Keys.membership(membershipId)));
        return item == null ? Optional.empty() : Optional.of(toMembership(orgId, item));
    }

    /** Two consistent GetItems: the user's record, then the membership it names. */
    @Override
    public Optional<Membership> ofUser(String orgId, String userId) {
        Item record = table.get(Items.memberGuard(), Table.key(Keys.org(orgId), Keys.user(userId)));
        return record == null ? Optional.empty() : find(orgId, record.string(Items.MEMBERSHIP_ID));
    }

    @Override
    public Membership add(String orgId, String userId, String roleId, String addedBy, Instant now) {
        return changes().add(orgId, userId, roleId, addedBy, now);
    }

    @Override
    public boolean changeRole(String orgId, String membershipId, String roleId, String changedBy, Instant now) {
        return changes().changeRole(orgId, membershipId, roleId, changedBy, now);
    }

    @Override
    public boolean remove(String orgId, String membershipId, String removedBy, Instant now) {
        return changes().remove(orgId, membershipId, removedBy, now);
    }

    // Made on first use: reading memberships and accepting invites load and verify none of it.
    private MembershipChanges changes() {
        MembershipChanges made = changes;
        if (made == null) {
            made = new MembershipChanges(pending);
            changes = made;
        }
        return made;
    }
}
