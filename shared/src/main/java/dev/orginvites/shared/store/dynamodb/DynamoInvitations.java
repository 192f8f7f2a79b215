package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.Expiry;
import dev.orginvites.shared.store.IdRange;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.OrderedItems;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Pages;
import dev.orginvites.shared.store.TokenNonces;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link Invitations} on the table (key layout in {@link Keys}, items in {@link Items}).
 *
 * <p>Creating writes the invite and its email guard in one transaction that also checks the role exists and counts
 * the send against the org's quota ({@link InviteQuotas}, read before it: the role is read first); cancelling
 * deletes both and writes the audit record in one transaction; a resend ({@link InviteIssues}) replaces the invite by
 * a new issue and moves its guard. Conditions make every one race-safe: of two concurrent creates for one address,
 * exactly one wins; of concurrent cancels, resends and accepts of one invite, exactly one wins, since each deletes the
 * invite on the condition that it is there.
 *
 * <p>Every rule uses {@link Expiry}'s one definition of pending: a page's key condition (which starts at the floor
 * id, so a page never reads the expired invites DynamoDB's TTL sweeper has not yet removed, which always sit at the
 * start of an org's range) and its filter, every read of one invite ({@link PendingInvites}), and the create's guard
 * condition.
 *
 * <p>Items are mapped by the enhanced client's schemas ({@link Items}); the calls themselves are made with the
 * low-level client ({@link Table}), whose requests say what DynamoDB receives. The enhanced client's own operations
 * cost a first request (a cold start) a tenth of its time on this path for no behaviour the store needs
 * (BENCHMARKS.md).
 *
 * <p>What follows a create (delivery, re-issue: {@link InviteIssues}) and idempotency keys
 * ({@link DynamoIdempotencyKeys}) are classes of their own, made on first use, because a JVM verifies a whole class
 * when it first uses it, loading every exception type the class catches or throws: a function pays on its cold start
 * only for the operations it serves.
 */
final class DynamoInvitations implements Invitations, OrderedItems<Invite> {
    private enum CreateStep { ROLE, GUARD, INVITE, QUOTA, IDEMPOTENCY_RECORD }

    private enum CancelStep { INVITE, GUARD, AUDIT }

    private final PendingInvites pending;
    private final InviteQuotas quotas;
    private final Table table;
    private final DynamoTable tableRoot;
    private InviteIssues issues;

    DynamoInvitations(PendingInvites pending, InviteQuotas quotas, DynamoTable tableRoot) {
        this.pending = pending;
        this.quotas = quotas;
        this.table = pending.table;
        this.tableRoot = tableRoot;
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, UserNames inviterNames,
            Instant now) {
        return create(orgId, email, roleId, invitedBy, inviterNames, now, null, null);
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, UserNames inviterNames,
            Instant now, IdempotencyKey key, Function<Invite, IdempotencyRecord> answer) {
        String normalized = Invitations.mailboxKey(email);
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> roleKey = Table.key(pk, Keys.role(roleId));
        Item role = table.get(Items.role(), roleKey);
        if (role == null) {
            throw new UnknownRoleException(roleId);
        }
        long expiresAt = pending.expiry.expiresAt(now);
        for (int attempt = 1; ; attempt++) {
            String inviteId = pending.newId(now);
            Item invite = PendingInvites.invite(pk, inviteId, email, normalized, roleId, role.string(Items.NAME),
                    invitedBy, inviterNames.name(), now, expiresAt).set(Items.TOKEN_NONCE, TokenNonces.next());
            Transaction<CreateStep> transaction = new Transaction<CreateStep>()
                    .add(CreateStep.ROLE, table.conditionCheck(roleKey, Condition.exists()))
                    .add(CreateStep.GUARD, table.put(Items.emailGuard(),
                            PendingInvites.guard(pk, normalized, inviteId, expiresAt), pending.guardFree(now)))
                    .add(CreateStep.INVITE, table.put(Items.invite(), invite, Condition.absent()));
            TransactWriteItem counted = quotas.send(pk, now);
            if (counted != null) {
                transaction.add(CreateStep.QUOTA, counted);
            }
            Invite created = PendingInvites.toInvite(orgId, invite);
            if (key != null) {
                transaction.add(CreateStep.IDEMPOTENCY_RECORD,
                        tableRoot.idempotencyKeysAdapter().record(pk, key, answer.apply(created), now));
            }
            try {
                transaction.commit(table.dynamoDb);
                return created;
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, CreateStep.IDEMPOTENCY_RECORD)) {
                    throw DynamoIdempotencyKeys.reservationLost();
                }
                if (transaction.conditionFailed(e, CreateStep.ROLE)) {
                    throw new UnknownRoleException(roleId);
                }
                if (transaction.conditionFailed(e, CreateStep.GUARD)) {
                    throw new InviteAlreadyPendingException();
                }
                boolean recount = transaction.contended(e, CreateStep.QUOTA);
                if (!(recount || Transaction.conflicted(e))
                        || attempt >= (recount ? InviteQuotas.ATTEMPTS : Transaction.ATTEMPTS)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public InvitePage list(String orgId, PageRequest page, Instant now) {
        Pages.Page<Invite> read = Pages.read(this, orgId, page, now);
        return new InvitePage(read.items(), read.previousCursor(), read.nextCursor());
    }

    /**
     * The org's pending invites, for {@link Pages}: one Query over the range's keys (more only when the expiry
     * filter left it short).
     */
    @Override
    public List<Invite> read(String orgId, String boundaryId, boolean inclusive, boolean ascending, int max,
            Instant now) {
        List<Invite> invites = new ArrayList<>(max);
        for (Item item : table.query(Items.invite(), Keys.org(orgId), Keys.INVITE,
                IdRange.of(pending.expiry.floorId(now), boundaryId, inclusive, ascending), ascending, max, now)) {
            invites.add(PendingInvites.toInvite(orgId, item));
        }
        return invites;
    }

    /** One consistent GetItem; an id below the floor is expired under the TTL in force and is not read. */
    @Override
    public Optional<Invite> find(String orgId, String inviteId, Instant now) {
        Item invite = pending.pending(orgId, inviteId, now);
        return invite == null ? Optional.empty() : Optional.of(PendingInvites.toInvite(orgId, invite));
    }

    /**
     * Deletes the invite and, when its email guard names it, the guard, and writes the audit record, in one
     * transaction. The guard is deleted only on the condition that it names this invite: a guard that is missing
     * or names another invite (states a crash or an operator can leave) is left as it is and never blocks the
     * cancel, which then runs once more without it. Optimistic, so the usual cancel reads one item, not two.
     */
    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> inviteKey = Table.key(pk, Keys.invite(inviteId));
        boolean guardNamesIt = true;
        for (int attempt = 1; ; attempt++) {
            Item invite = pending.pending(orgId, inviteId, now);
            if (invite == null) {
                return false;
            }
            Item audit = PendingInvites.endOf(invite, "cancelled_invite", Keys.cancelled(inviteId))
                    .set(Items.CANCELLED_BY, cancelledBy)
                    .set(Items.CANCELLED_AT, now.toString());

            Transaction<CancelStep> transaction = new Transaction<CancelStep>()
                    .add(CancelStep.INVITE, table.delete(inviteKey, PendingInvites.stillPending(now)));
            if (guardNamesIt) {
                transaction.add(CancelStep.GUARD, table.delete(
                        Table.key(pk, Keys.emailGuard(invite.string(Items.EMAIL_NORMALIZED))),
                        PendingInvites.names(inviteId)));
            }
            transaction.add(CancelStep.AUDIT, table.put(Items.cancelledInvite(), audit, Condition.absent()));
            try {
                transaction.commit(table.dynamoDb);
                return true;
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, CancelStep.INVITE)
                        || transaction.conditionFailed(e, CancelStep.AUDIT)) {
                    return false; // cancelled or expired meanwhile
                }
                // Only this invite's create writes a guard naming it, so a guard that does not name it now never
                // will: the next attempt leaves it alone.
                boolean guardElsewhere = transaction.conditionFailed(e, CancelStep.GUARD);
                if (!(guardElsewhere || Transaction.conflicted(e)) || attempt == Transaction.ATTEMPTS) {
                    throw e;
                }
                guardNamesIt = guardNamesIt && !guardElsewhere;
            }
        }
    }

    @Override
    public Optional<IssuedInvite> issued(String orgId, String inviteId, Instant now) {
        return issues().issued(orgId, inviteId, now);
    }

    @Override
    public boolean recordDelivery(String orgId, String inviteId, String tokenNonce, String messageId, Instant now) {
        return issues().recordDelivery(orgId, inviteId, tokenNonce, messageId, now);
    }

    @Override
    public DeliveryProblem.Recorded recordFailure(String orgId, String inviteId, DeliveryProblem failure,
            Instant now) {
        return issues().recordFailure(orgId, inviteId, failure, now);
    }

    @Override
    public DeliveryProblem.Recorded recordDelay(String orgId, String inviteId, DeliveryProblem delay, Instant now) {
        return issues().recordDelay(orgId, inviteId, delay, now);
    }

    @Override
    public Optional<IssuedInvite> resend(String orgId, String inviteId, String resentBy, Duration interval,
            Instant now) {
        return issues().resend(orgId, inviteId, resentBy, interval, now);
    }

    // Made on first use (unsynchronised: a race makes two, which hold no state): a function that never resends or
    // delivers loads and verifies none of it.
    private InviteIssues issues() {
        InviteIssues made = issues;
        if (made == null) {
            made = new InviteIssues(pending, quotas);
            issues = made;
        }
        return made;
    }
}
