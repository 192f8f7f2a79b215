package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.store.Expiry;
import dev.orginvites.shared.store.IdRange;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.OrderedItems;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Pages;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.shared.store.TokenNonces;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The store on one DynamoDB table (key layout in {@link Keys}, items in {@link Items}).
 *
 * <p>Creating writes the invite and its email guard in one transaction that also checks the role exists; cancelling
 * deletes both and writes the audit record in one transaction; a resend replaces the invite by a new issue and moves
 * its guard; an accept deletes both and writes the membership, the user's uniqueness record and the audit record.
 * Conditions make every one race-safe: of two concurrent creates for one address, exactly one wins; of concurrent
 * cancels, resends and accepts of one invite, exactly one wins, since each deletes the invite on the condition that
 * it is there.
 *
 * <p>Every rule uses {@link Expiry}'s one definition of pending: a page's key condition (which starts at the floor
 * id, so a page never reads the expired invites DynamoDB's TTL sweeper has not yet removed, which always sit at the
 * start of an org's range) and its filter, every read of one invite, and the create's guard condition.
 *
 * <p>Items are mapped by the enhanced client's schemas ({@link Items}); the calls themselves are made with the
 * low-level client ({@link Table}), whose requests say what DynamoDB receives. The enhanced client's own operations
 * cost a first request (a cold start) a tenth of its time on this path for no behaviour the store needs
 * (BENCHMARKS.md).
 *
 * <p>This class creates, reads, lists and cancels invites. Idempotency keys ({@link IdempotencyKeys}) and what
 * follows a create ({@link InviteLifecycle}: delivery, re-issue, acceptance, memberships) are classes of their own,
 * made on first use, because a JVM verifies a whole class when it first uses it, loading every exception type the
 * class catches or throws: a function pays on its cold start only for the operations it serves.
 */
public final class DynamoInviteStore implements InviteStore, OrderedItems<Invite> {
    /** Transactions cancelled by a conflicting concurrent transaction are retried this many times in all. */
    static final int TRANSACTION_ATTEMPTS = 4;

    private enum CreateStep { ROLE, GUARD, INVITE, IDEMPOTENCY_RECORD }

    private enum CancelStep { INVITE, GUARD, AUDIT }

    private final Table table;
    final Expiry expiry;
    final Function<Instant, UUID> ids;
    private IdempotencyKeys idempotencyKeys;
    private InviteLifecycle lifecycle;

    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl) {
        this(dynamoDb, tableName, inviteTtl, TimeOrderedIds::next);
    }

    /**
     * @param ids the id of an invite created at an instant: in production {@link TimeOrderedIds#next}, which is what
     *     lets a page's key condition leave expired invites out (see {@link Expiry})
     */
    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl,
            Function<Instant, UUID> ids) {
        this.ids = ids;
        this.table = new Table(dynamoDb, tableName);
        this.expiry = new Expiry(inviteTtl);
    }

    /** The store a function uses in Lambda: the table the environment names ({@link Settings#fromEnvironment}). */
    public static DynamoInviteStore fromEnvironment() {
        return fromSettings(Settings.fromEnvironment());
    }

    /** The store on the table the settings name. */
    public static DynamoInviteStore fromSettings(Settings settings) {
        return new DynamoInviteStore(DynamoClients.create(settings), settings.tableName(), settings.inviteTtl());
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, Instant now) {
        return create(orgId, email, roleId, invitedBy, now, null, null);
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, Instant now,
            IdempotencyKey key, Function<Invite, IdempotencyRecord> answer) {
        String normalized = InviteStore.mailboxKey(email);
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> roleKey = Table.key(pk, Keys.role(roleId));
        Item role = table.get(Items.role(), roleKey);
        if (role == null) {
            throw new UnknownRoleException(roleId);
        }
        long expiresAt = expiry.expiresAt(now);
        for (int attempt = 1; ; attempt++) {
            String inviteId = ids.apply(now).toString();
            Item invite = invite(pk, inviteId, email, normalized, roleId, role.string(Items.NAME), invitedBy, now,
                    expiresAt).set(Items.TOKEN_NONCE, TokenNonces.next());
            Transaction<CreateStep> transaction = new Transaction<CreateStep>()
                    .add(CreateStep.ROLE, table.conditionCheck(roleKey, Condition.exists()))
                    .add(CreateStep.GUARD, table.put(Items.emailGuard(), guard(pk, normalized, inviteId, expiresAt),
                            guardFree(now)))
                    .add(CreateStep.INVITE, table.put(Items.invite(), invite, Condition.absent()));
            Invite created = toInvite(orgId, invite);
            if (key != null) {
                transaction.add(CreateStep.IDEMPOTENCY_RECORD,
                        idempotencyKeys().record(pk, key, answer.apply(created), now));
            }
            try {
                transaction.commit(table.dynamoDb);
                return created;
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, CreateStep.IDEMPOTENCY_RECORD)) {
                    throw IdempotencyKeys.reservationLost();
                }
                if (transaction.conditionFailed(e, CreateStep.ROLE)) {
                    throw new UnknownRoleException(roleId);
                }
                if (transaction.conditionFailed(e, CreateStep.GUARD)) {
                    throw new InviteAlreadyPendingException();
                }
                if (!Transaction.conflicted(e) || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** An invite item as {@link #create} writes it, without its token nonce. */
    static Item invite(String pk, String inviteId, String email, String normalizedEmail, String roleId,
            String roleName, String invitedBy, Instant now, long expiresAt) {
        return Item.of("invite", pk, Keys.invite(inviteId))
                .set(Items.INVITE_ID, inviteId)
                .set(Items.EMAIL, email)
                .set(Items.EMAIL_NORMALIZED, normalizedEmail)
                .set(Items.ROLE_ID, roleId)
                .set(Items.ROLE_NAME, roleName)
                .set(Items.INVITED_BY, invitedBy)
                .set(Items.CREATED_AT, now.toString())
                .set(Items.EXPIRES_AT, expiresAt);
    }

    /** An email guard item as {@link #create} writes it. */
    static Item guard(String pk, String normalizedEmail, String inviteId, long expiresAt) {
        return Item.of("email_guard", pk, Keys.emailGuard(normalizedEmail))
                .set(Items.INVITE_ID, inviteId)
                .set(Items.EXPIRES_AT, expiresAt);
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
                IdRange.of(expiry.floorId(now), boundaryId, inclusive, ascending), ascending, max, now)) {
            invites.add(toInvite(orgId, item));
        }
        return invites;
    }

    /** One consistent GetItem; an id below the floor is expired under the TTL in force and is not read. */
    @Override
    public Optional<Invite> find(String orgId, String inviteId, Instant now) {
        Item invite = pendingInvite(orgId, inviteId, now);
        return invite == null ? Optional.empty() : Optional.of(toInvite(orgId, invite));
    }

    /**
     * The org's invite item with this id if it is pending at {@code now}, read consistently, else null. An id below
     * the floor is expired under the TTL in force, whatever its {@code expires_at} says, and is not read.
     */
    Item pendingInvite(String orgId, String inviteId, Instant now) {
        if (inviteId.compareTo(expiry.floorId(now)) < 0) {
            return null;
        }
        Item invite = table.get(Items.invite(), Table.key(Keys.org(orgId), Keys.invite(inviteId)));
        Long expiresAt = invite == null ? null : invite.number(Items.EXPIRES_AT);
        return expiresAt != null && expiry.isPending(inviteId, expiresAt, now) ? invite : null;
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
            Item invite = pendingInvite(orgId, inviteId, now);
            if (invite == null) {
                return false;
            }
            Item audit = endOf(invite, "cancelled_invite", Keys.cancelled(inviteId))
                    .set(Items.CANCELLED_BY, cancelledBy)
                    .set(Items.CANCELLED_AT, now.toString());

            Transaction<CancelStep> transaction = new Transaction<CancelStep>()
                    .add(CancelStep.INVITE, table.delete(inviteKey, stillPending(now)));
            if (guardNamesIt) {
                transaction.add(CancelStep.GUARD,
                        table.delete(Table.key(pk, Keys.emailGuard(invite.string(Items.EMAIL_NORMALIZED))), names(inviteId)));
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
                if (!(guardElsewhere || Transaction.conflicted(e)) || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                guardNamesIt = guardNamesIt && !guardElsewhere;
            }
        }
    }

    /** The start of the audit record of an invite's end (cancelled, accepted): what the invite was. */
    static Item endOf(Item invite, String type, String sk) {
        return Item.of(type, invite.string(Items.PK), sk)
                .set(Items.INVITE_ID, invite.string(Items.INVITE_ID))
                .set(Items.EMAIL, invite.string(Items.EMAIL))
                .set(Items.ROLE_ID, invite.string(Items.ROLE_ID))
                .set(Items.INVITED_BY, invite.string(Items.INVITED_BY))
                .set(Items.CREATED_AT, invite.string(Items.CREATED_AT));
    }

    @Override
    public void putRole(String orgId, String roleId, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a role needs a name");
        }
        Item role = Item.of("role", Keys.org(orgId), Keys.role(roleId))
                .set(Items.ROLE_ID, roleId)
                .set(Items.NAME, name);
        table.dynamoDb.putItem(r -> r.tableName(table.name).item(Items.role().itemToMap(role, true)));
    }

    static Invite toInvite(String orgId, Item item) {
        return new Invite(item.string(Items.INVITE_ID), orgId, item.string(Items.EMAIL), item.string(Items.ROLE_ID),
                item.string(Items.ROLE_NAME));
    }

    /**
     * A guard a create may take: none, or one whose invite is no longer pending by either half of the definition
     * (its expiry has passed, or its invite's id is below the floor).
     */
    Condition guardFree(Instant now) {
        return new Condition("attribute_not_exists(#pk) OR #expires <= :now OR #invite < :floor",
                Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT, "#invite", Items.INVITE_ID),
                Map.of(":now", Table.epochSeconds(now), ":floor", AttributeValue.fromS(expiry.floorId(now))));
    }

    /** The invite item is there and pending by its {@code expires_at} (its id's floor was checked on reading it). */
    static Condition stillPending(Instant now) {
        return new Condition("attribute_exists(#pk) AND #expires > :now",
                Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT), Map.of(":now", Table.epochSeconds(now)));
    }

    /** The guard names this invite. */
    static Condition names(String inviteId) {
        return new Condition("#invite = :invite", Map.of("#invite", Items.INVITE_ID),
                Map.of(":invite", AttributeValue.fromS(inviteId)));
    }

    @Override
    public IdempotencyRecord reserve(String orgId, IdempotencyKey key, Instant now) {
        return idempotencyKeys().reserve(Keys.org(orgId), key, now);
    }

    @Override
    public void release(String orgId, IdempotencyKey key) {
        idempotencyKeys().release(Keys.org(orgId), key);
    }

    @Override
    public Optional<IssuedInvite> issued(String orgId, String inviteId, Instant now) {
        return lifecycle().issued(orgId, inviteId, now);
    }

    @Override
    public boolean recordDelivery(String orgId, String inviteId, String tokenNonce, String messageId, Instant now) {
        return lifecycle().recordDelivery(orgId, inviteId, tokenNonce, messageId, now);
    }

    @Override
    public Optional<IssuedInvite> resend(String orgId, String inviteId, String resentBy, Duration interval,
            Instant now) {
        return lifecycle().resend(orgId, inviteId, resentBy, interval, now);
    }

    @Override
    public Optional<Membership> accept(String orgId, String inviteId, String tokenNonce, String userId,
            Instant now) {
        return lifecycle().accept(orgId, inviteId, tokenNonce, userId, now);
    }

    @Override
    public MembershipPage memberships(String orgId, PageRequest page) {
        return lifecycle().memberships(orgId, page);
    }

    // Made on first use: a function that never calls them loads and verifies neither (see their classes).

    private IdempotencyKeys idempotencyKeys() {
        IdempotencyKeys made = idempotencyKeys;
        if (made == null) {
            made = new IdempotencyKeys(table);
            idempotencyKeys = made;
        }
        return made;
    }

    private InviteLifecycle lifecycle() {
        InviteLifecycle made = lifecycle;
        if (made == null) {
            made = new InviteLifecycle(this, table);
            lifecycle = made;
        }
        return made;
    }
}
