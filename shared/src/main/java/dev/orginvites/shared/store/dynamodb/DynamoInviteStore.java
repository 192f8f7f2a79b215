package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.store.Expiry;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.IdempotencyReservationLostException;
import dev.orginvites.shared.store.IdRange;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InviteIds;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Pages;
import dev.orginvites.shared.store.OrderedItems;
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
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The store on one DynamoDB table (key layout in {@link Keys}, items in {@link Items}).
 *
 * <p>Creating writes the invite and its email guard in one transaction that also checks the role exists; cancelling
 * deletes both and writes the audit record in one transaction. Conditions make both race-safe: of two concurrent
 * creates for one address, or two cancels of one invite, exactly one wins.
 *
 * <p>Every rule uses {@link Expiry}'s one definition of pending: a page's key condition (which starts at the floor
 * id, so a page never reads the expired invites DynamoDB's TTL sweeper has not yet removed, which always sit at the
 * start of an org's range) and its filter, cancel, and the create's guard condition.
 *
 * <p>Items are mapped by the enhanced client's schemas ({@link Items}); the calls themselves are made with the
 * low-level client, whose requests say what DynamoDB receives. The enhanced client's own operations cost a first
 * request (a cold start) a tenth of its time on this path for no behaviour the store needs: building a {@code Key},
 * a query's paginator, a {@code PutItemRequest} per transaction put converted into a {@code Put} (BENCHMARKS.md).
 */
public final class DynamoInviteStore implements InviteStore, OrderedItems<Invite> {
    /** Transactions cancelled by a conflicting concurrent transaction are retried this many times in all. */
    private static final int TRANSACTION_ATTEMPTS = 4;
    /**
     * Items a Query asks for when the one before it came back short (its items failed the expiry filter, which only
     * invites given a longer expiry by an earlier, shorter TTL can): enough that such a stretch costs few calls.
     */
    private static final int CONTINUATION_LIMIT = 100;
    private static final String IN_FLIGHT = "in_flight";
    private static final String DONE = "done";

    private enum CreateStep { ROLE, GUARD, INVITE, IDEMPOTENCY_RECORD }

    private enum CancelStep { INVITE, GUARD, AUDIT }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Expiry expiry;
    private final Function<Instant, UUID> ids;

    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl) {
        this(dynamoDb, tableName, inviteTtl, InviteIds::next);
    }

    /**
     * @param ids the id of an invite created at an instant: in production {@link InviteIds#next}, which is what
     *     lets a page's key condition leave expired invites out (see {@link Expiry})
     */
    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl,
            Function<Instant, UUID> ids) {
        this.ids = ids;
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.expiry = new Expiry(inviteTtl);
    }

    /** The store the functions use, configured from the environment. */
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
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> roleKey = key(pk, Keys.role(roleId));
        Item role = get(Items.role(), roleKey);
        if (role == null) {
            throw new UnknownRoleException(roleId);
        }
        long expiresAt = expiry.expiresAt(now);
        String normalized = InviteStore.normalizeEmail(email);
        for (int attempt = 1; ; attempt++) {
            String inviteId = ids.apply(now).toString();
            Item invite = invite(pk, inviteId, email, normalized, roleId, role.string(Items.NAME), invitedBy, now,
                    expiresAt);
            Transaction<CreateStep> transaction = new Transaction<CreateStep>()
                    .add(CreateStep.ROLE, conditionCheck(roleKey, exists()))
                    .add(CreateStep.GUARD, put(Items.emailGuard(), guard(pk, normalized, inviteId, expiresAt),
                            guardFree(now)))
                    .add(CreateStep.INVITE, put(Items.invite(), invite, absent()));
            Invite created = toInvite(orgId, invite);
            if (key != null) {
                transaction.add(CreateStep.IDEMPOTENCY_RECORD, put(Items.idempotency(),
                        idempotencyRecord(pk, key, answer.apply(created), now), heldBy(key)));
            }
            try {
                transaction.commit(dynamoDb);
                return created;
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, CreateStep.IDEMPOTENCY_RECORD)) {
                    throw new IdempotencyReservationLostException();
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

    /** An invite item as {@link #create} writes it. */
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

    /** The record of a completed create: the answer to replay, kept for {@link IdempotencyKey#RETENTION}. */
    private static Item idempotencyRecord(String pk, IdempotencyKey key, IdempotencyRecord answer, Instant now) {
        return Item.of("idempotency_key", pk, Keys.idempotency(key.scope()))
                .set(Items.STATE, DONE)
                .set(Items.TOKEN, key.token())
                .set(Items.FINGERPRINT, key.fingerprint())
                .set(Items.STATUS, (long) answer.status())
                .set(Items.LOCATION, answer.location())
                .set(Items.BODY, answer.body())
                .set(Items.EXPIRES_AT, now.plus(IdempotencyKey.RETENTION).getEpochSecond());
    }

    /**
     * A conditional Put of an {@code in_flight} record, which expires after {@link IdempotencyKey#LEASE}: it takes a
     * key no record holds, or whose record has expired (a crashed request's reservation, an answer past its
     * retention; DynamoDB's TTL sweeper removes them later, so the condition, not the sweeper, decides). When the
     * Put fails, the record that holds the key is read; one that expired or went in between is tried again.
     */
    @Override
    public IdempotencyRecord reserve(String orgId, IdempotencyKey key, Instant now) {
        String pk = Keys.org(orgId);
        Item reservation = Item.of("idempotency_key", pk, Keys.idempotency(key.scope()))
                .set(Items.STATE, IN_FLIGHT)
                .set(Items.TOKEN, key.token())
                .set(Items.FINGERPRINT, key.fingerprint())
                .set(Items.EXPIRES_AT, now.plus(IdempotencyKey.LEASE).getEpochSecond());
        Condition free = new Condition("attribute_not_exists(#pk) OR #expires <= :now",
                Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT), Map.of(":now", epochSeconds(now)));
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.putItem(r -> r.tableName(tableName).item(Items.idempotency().itemToMap(reservation, true))
                        .conditionExpression(free.expression())
                        .expressionAttributeNames(free.names())
                        .expressionAttributeValues(free.values()));
                return null;
            } catch (ConditionalCheckFailedException e) {
                Item held = get(Items.idempotency(), key(pk, Keys.idempotency(key.scope())));
                if (held != null && held.number(Items.EXPIRES_AT) > now.getEpochSecond()) {
                    return DONE.equals(held.string(Items.STATE))
                            ? new IdempotencyRecord(held.string(Items.FINGERPRINT),
                                    held.number(Items.STATUS).intValue(), held.string(Items.LOCATION),
                                    held.string(Items.BODY))
                            : IdempotencyRecord.inFlight(held.string(Items.FINGERPRINT));
                }
                if (attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void release(String orgId, IdempotencyKey key) {
        Condition held = heldBy(key);
        try {
            dynamoDb.deleteItem(r -> r.tableName(tableName)
                    .key(key(Keys.org(orgId), Keys.idempotency(key.scope())))
                    .conditionExpression(held.expression())
                    .expressionAttributeNames(held.names())
                    .expressionAttributeValues(held.values()));
        } catch (ConditionalCheckFailedException e) {
            // Another request holds the key now: it is not this request's to release.
        }
    }

    /** The key's record is this request's reservation. */
    private static Condition heldBy(IdempotencyKey key) {
        return new Condition("#token = :token", Map.of("#token", Items.TOKEN),
                Map.of(":token", AttributeValue.fromS(key.token())));
    }

    @Override
    public InvitePage list(String orgId, PageRequest page, Instant now) {
        Pages.Page<Invite> read = Pages.read(this, orgId, page, now);
        return new InvitePage(read.items(), read.previousCursor(), read.nextCursor());
    }

    /** The org's pending invites, for {@link Pages}: one Query over the range's keys (more only when the expiry
     * filter left it short). */
    @Override
    public List<Invite> read(String orgId, String boundaryId, boolean inclusive, boolean ascending, int max,
            Instant now) {
        IdRange range = IdRange.of(expiry.floorId(now), boundaryId, inclusive, ascending);
        if (range == null) {
            return List.of();
        }
        // A start key is sent only inside the key condition, which is all DynamoDB accepts.
        String startKey = range.startAfterId() == null ? null : Keys.invite(range.startAfterId());
        List<Invite> invites = new ArrayList<>(max);
        for (Item item : query(Keys.org(orgId), Keys.invite(range.lowestId()), Keys.invite(range.highestId()),
                startKey, ascending, max, now)) {
            invites.add(toInvite(orgId, item));
        }
        return invites;
    }

    /**
     * Up to {@code wanted} pending invites with sort keys from {@code from} to {@code to} (both included), read in
     * one direction after {@code startKey} (or from the range's start). The first Query asks for exactly
     * {@code wanted}; more follow only when the expiry filter left it short.
     */
    private List<Item> query(String pk, String from, String to, String startKey, boolean forward, int wanted,
            Instant now) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .filterExpression("#expires > :now")
                .expressionAttributeNames(Map.of("#pk", Items.PK, "#sk", Items.SK, "#expires", Items.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":from", AttributeValue.fromS(from),
                        ":to", AttributeValue.fromS(to), ":now", epochSeconds(now)))
                .scanIndexForward(forward)
                .consistentRead(true);
        Map<String, AttributeValue> start = startKey == null ? null : key(pk, startKey);
        List<Item> found = new ArrayList<>(wanted);
        int limit = wanted;
        do {
            QueryResponse result = dynamoDb.query(query.limit(limit).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : result.items()) {
                if (found.size() < wanted) {
                    found.add(Items.invite().mapToItem(item));
                }
            }
            start = result.hasLastEvaluatedKey() && !result.lastEvaluatedKey().isEmpty()
                    ? result.lastEvaluatedKey() : null;
            limit = Math.max(wanted, CONTINUATION_LIMIT);
        } while (found.size() < wanted && start != null);
        return found;
    }

    /** One consistent GetItem; an id below the floor is expired under the TTL in force and is not read. */
    @Override
    public Optional<Invite> find(String orgId, String inviteId, Instant now) {
        if (inviteId.compareTo(expiry.floorId(now)) < 0) {
            return Optional.empty();
        }
        Item invite = get(Items.invite(), key(Keys.org(orgId), Keys.invite(inviteId)));
        Long expiresAt = invite == null ? null : invite.number(Items.EXPIRES_AT);
        return expiresAt != null && expiry.isPending(inviteId, expiresAt, now)
                ? Optional.of(toInvite(orgId, invite)) : Optional.empty();
    }

    /**
     * Deletes the invite and, when its email guard names it, the guard, and writes the audit record, in one
     * transaction. The guard is deleted only on the condition that it names this invite: a guard that is missing
     * or names another invite (states a crash or an operator can leave) is left as it is and never blocks the
     * cancel, which then runs once more without it. Optimistic, so the usual cancel reads one item, not two.
     */
    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        if (inviteId.compareTo(expiry.floorId(now)) < 0) {
            return false; // expired under the TTL in force, whatever its expires_at says
        }
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> inviteKey = key(pk, Keys.invite(inviteId));
        boolean guardNamesIt = true;
        for (int attempt = 1; ; attempt++) {
            Item invite = get(Items.invite(), inviteKey);
            Long expiresAt = invite == null ? null : invite.number(Items.EXPIRES_AT);
            if (expiresAt == null || expiresAt <= now.getEpochSecond()) {
                return false;
            }
            Item audit = Item.of("cancelled_invite", pk, Keys.cancelled(inviteId))
                    .set(Items.INVITE_ID, inviteId)
                    .set(Items.EMAIL, invite.string(Items.EMAIL))
                    .set(Items.ROLE_ID, invite.string(Items.ROLE_ID))
                    .set(Items.INVITED_BY, invite.string(Items.INVITED_BY))
                    .set(Items.CREATED_AT, invite.string(Items.CREATED_AT))
                    .set(Items.CANCELLED_BY, cancelledBy)
                    .set(Items.CANCELLED_AT, now.toString());

            Condition stillPending = new Condition("attribute_exists(#pk) AND #expires > :now",
                    Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT), Map.of(":now", epochSeconds(now)));
            Transaction<CancelStep> transaction = new Transaction<CancelStep>()
                    .add(CancelStep.INVITE, delete(inviteKey, stillPending));
            if (guardNamesIt) {
                Condition namesThisInvite = new Condition("#invite = :invite", Map.of("#invite", Items.INVITE_ID),
                        Map.of(":invite", AttributeValue.fromS(inviteId)));
                transaction.add(CancelStep.GUARD,
                        delete(key(pk, Keys.emailGuard(invite.string(Items.EMAIL_NORMALIZED))), namesThisInvite));
            }
            transaction.add(CancelStep.AUDIT, put(Items.cancelledInvite(), audit, absent()));
            try {
                transaction.commit(dynamoDb);
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

    @Override
    public void putRole(String orgId, String roleId, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a role needs a name");
        }
        Item role = Item.of("role", Keys.org(orgId), Keys.role(roleId))
                .set(Items.ROLE_ID, roleId)
                .set(Items.NAME, name);
        dynamoDb.putItem(r -> r.tableName(tableName).item(Items.role().itemToMap(role, true)));
    }

    private static Invite toInvite(String orgId, Item item) {
        return new Invite(item.string(Items.INVITE_ID), orgId, item.string(Items.EMAIL), item.string(Items.ROLE_ID),
                item.string(Items.ROLE_NAME));
    }

    /** The item at a key, read consistently, or null. */
    private Item get(TableSchema<Item> schema, Map<String, AttributeValue> key) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(tableName).key(key).consistentRead(true));
        return response.hasItem() ? schema.mapToItem(response.item()) : null;
    }

    private TransactWriteItem conditionCheck(Map<String, AttributeValue> key, Condition condition) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(tableName).key(key)
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.names())
                .expressionAttributeValues(condition.values())
                .build()).build();
    }

    private TransactWriteItem put(TableSchema<Item> schema, Item item, Condition condition) {
        return TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(schema.itemToMap(item, true))
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.names())
                .expressionAttributeValues(condition.values())
                .build()).build();
    }

    private TransactWriteItem delete(Map<String, AttributeValue> key, Condition condition) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(tableName).key(key)
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.names())
                .expressionAttributeValues(condition.values())
                .build()).build();
    }

    /**
     * A condition expression and its placeholders. DynamoDB refuses an empty map of values, so a condition without
     * values has null there (which the request builders leave out).
     */
    private record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Items.PK, AttributeValue.fromS(pk), Items.SK, AttributeValue.fromS(sk));
    }

    private static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }

    private static Condition exists() {
        return new Condition("attribute_exists(#pk)", Map.of("#pk", Items.PK), null);
    }

    private static Condition absent() {
        return new Condition("attribute_not_exists(#pk)", Map.of("#pk", Items.PK), null);
    }

    /**
     * A guard a create may take: none, or one whose invite is no longer pending by either half of the definition
     * (its expiry has passed, or its invite's id is below the floor).
     */
    private Condition guardFree(Instant now) {
        return new Condition("attribute_not_exists(#pk) OR #expires <= :now OR #invite < :floor",
                Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT, "#invite", Items.INVITE_ID),
                Map.of(":now", epochSeconds(now), ":floor", AttributeValue.fromS(expiry.floorId(now))));
    }

    // Issue 13's store operations: placeholders on the work branch until the store's implementation lands.
    @Override
    public java.util.Optional<dev.orginvites.shared.store.IssuedInvite> issued(String orgId, String inviteId,
            java.time.Instant now) {
        throw new UnsupportedOperationException("not yet built");
    }

    @Override
    public boolean recordDelivery(String orgId, String inviteId, String tokenNonce, String messageId,
            java.time.Instant now) {
        throw new UnsupportedOperationException("not yet built");
    }

    @Override
    public java.util.Optional<dev.orginvites.shared.store.IssuedInvite> resend(String orgId, String inviteId,
            String resentBy, java.time.Duration interval, java.time.Instant now) {
        throw new UnsupportedOperationException("not yet built");
    }

    @Override
    public java.util.Optional<dev.orginvites.shared.store.Membership> accept(String orgId, String inviteId,
            String tokenNonce, String userId, java.time.Instant now) {
        throw new UnsupportedOperationException("not yet built");
    }

    @Override
    public dev.orginvites.shared.store.MembershipPage memberships(String orgId,
            dev.orginvites.shared.store.PageRequest page) {
        throw new UnsupportedOperationException("not yet built");
    }
}
