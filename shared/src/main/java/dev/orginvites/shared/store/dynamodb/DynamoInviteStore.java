package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.store.AlreadyMemberException;
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
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Pages;
import dev.orginvites.shared.store.OrderedItems;
import dev.orginvites.shared.store.ResendTooSoonException;
import dev.orginvites.shared.store.TokenNonces;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

    private enum ResendStep { OLD_INVITE, NEW_INVITE, GUARD, AUDIT }

    private enum AcceptStep { INVITE, GUARD, USER, MEMBERSHIP, AUDIT }

    /**
     * What a resend's transaction does with the email guard, after what the attempts before it found: move it when
     * it names the old invite (the usual case); take it when it is missing or names an invite no longer pending;
     * leave it to the other pending invite it names (a state only a crash or an operator leaves).
     */
    private enum GuardMove { MOVE, TAKE, LEAVE }

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
                    expiresAt).set(Items.TOKEN_NONCE, TokenNonces.next());
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

    /**
     * The org's pending invites, for {@link Pages}: one Query over the range's keys (more only when the expiry
     * filter left it short).
     */
    @Override
    public List<Invite> read(String orgId, String boundaryId, boolean inclusive, boolean ascending, int max,
            Instant now) {
        List<Invite> invites = new ArrayList<>(max);
        for (Item item : query(Items.invite(), orgId, Keys.INVITE,
                IdRange.of(expiry.floorId(now), boundaryId, inclusive, ascending), ascending, max, now)) {
            invites.add(toInvite(orgId, item));
        }
        return invites;
    }

    /** The org's memberships, for {@link Pages}: one Query over the range's keys. */
    private List<Membership> readMemberships(String orgId, String boundaryId, boolean inclusive, boolean ascending,
            int max, Instant now) {
        List<Membership> memberships = new ArrayList<>(max);
        for (Item item : query(Items.membership(), orgId, Keys.MEMBERSHIP,
                IdRange.of(InviteIds.FIRST, boundaryId, inclusive, ascending), ascending, max, null)) {
            memberships.add(toMembership(orgId, item));
        }
        return memberships;
    }

    /**
     * Up to {@code wanted} of the org's items whose sort keys are {@code prefix} and an id in the range, read in one
     * direction, and when {@code pendingAt} is given only those whose expiry is after it. The first Query asks for
     * exactly {@code wanted}; more follow only when the expiry filter left it short.
     *
     * @param range the ids to read, or null for none
     */
    private List<Item> query(TableSchema<Item> schema, String orgId, String prefix, IdRange range, boolean forward,
            int wanted, Instant pendingAt) {
        if (range == null) {
            return List.of();
        }
        String pk = Keys.org(orgId);
        String from = prefix + range.lowestId();
        String to = prefix + range.highestId();
        Map<String, String> names = new HashMap<>(Map.of("#pk", Items.PK, "#sk", Items.SK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(pk),
                ":from", AttributeValue.fromS(from), ":to", AttributeValue.fromS(to)));
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .scanIndexForward(forward)
                .consistentRead(true);
        if (pendingAt != null) {
            query.filterExpression("#expires > :now");
            names.put("#expires", Items.EXPIRES_AT);
            values.put(":now", epochSeconds(pendingAt));
        }
        query.expressionAttributeNames(names).expressionAttributeValues(values);
        // A start key is sent only inside the key condition, which is all DynamoDB accepts.
        Map<String, AttributeValue> start = range.startAfterId() == null ? null
                : key(pk, prefix + range.startAfterId());
        List<Item> found = new ArrayList<>(wanted);
        int limit = wanted;
        do {
            QueryResponse result = dynamoDb.query(query.limit(limit).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : result.items()) {
                if (found.size() < wanted) {
                    found.add(schema.mapToItem(item));
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
        Item invite = pendingInvite(orgId, inviteId, now);
        return invite == null ? Optional.empty() : Optional.of(toInvite(orgId, invite));
    }

    /**
     * The org's invite item with this id if it is pending at {@code now}, read consistently, else null. An id below
     * the floor is expired under the TTL in force, whatever its {@code expires_at} says, and is not read.
     */
    private Item pendingInvite(String orgId, String inviteId, Instant now) {
        if (inviteId.compareTo(expiry.floorId(now)) < 0) {
            return null;
        }
        Item invite = get(Items.invite(), key(Keys.org(orgId), Keys.invite(inviteId)));
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
        Map<String, AttributeValue> inviteKey = key(pk, Keys.invite(inviteId));
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
                    .add(CancelStep.INVITE, delete(inviteKey, stillPending(now)));
            if (guardNamesIt) {
                transaction.add(CancelStep.GUARD,
                        delete(key(pk, Keys.emailGuard(invite.string(Items.EMAIL_NORMALIZED))), names(inviteId)));
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

    /** The start of the audit record of an invite's end (cancelled, accepted): what the invite was. */
    private static Item endOf(Item invite, String type, String sk) {
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

    /** The invite item is there and pending by its {@code expires_at} (its id's floor was checked on reading it). */
    private static Condition stillPending(Instant now) {
        return new Condition("attribute_exists(#pk) AND #expires > :now",
                Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT), Map.of(":now", epochSeconds(now)));
    }

    /** The guard names this invite. */
    private static Condition names(String inviteId) {
        return new Condition("#invite = :invite", Map.of("#invite", Items.INVITE_ID),
                Map.of(":invite", AttributeValue.fromS(inviteId)));
    }

    /** One consistent GetItem, as {@link #find}. */
    @Override
    public Optional<IssuedInvite> issued(String orgId, String inviteId, Instant now) {
        Item invite = pendingInvite(orgId, inviteId, now);
        if (invite == null) {
            return Optional.empty();
        }
        String deliveredAt = invite.string(Items.DELIVERED_AT);
        return Optional.of(new IssuedInvite(toInvite(orgId, invite), invite.string(Items.INVITED_BY),
                InviteIds.timeOf(inviteId), Instant.ofEpochSecond(invite.number(Items.EXPIRES_AT)),
                invite.string(Items.TOKEN_NONCE), deliveredAt == null ? null : Instant.parse(deliveredAt)));
    }

    /** One conditional UpdateItem, which adds the delivery to the invite item (a MODIFY on the stream). */
    @Override
    public boolean recordDelivery(String orgId, String inviteId, String tokenNonce, String messageId, Instant now) {
        if (tokenNonce == null) {
            return false;
        }
        try {
            dynamoDb.updateItem(r -> r.tableName(tableName)
                    .key(key(Keys.org(orgId), Keys.invite(inviteId)))
                    .updateExpression("SET #delivered = :at, #message = :message")
                    .conditionExpression(
                            "attribute_exists(#pk) AND #nonce = :nonce AND attribute_not_exists(#delivered)")
                    .expressionAttributeNames(Map.of("#pk", Items.PK, "#nonce", Items.TOKEN_NONCE,
                            "#delivered", Items.DELIVERED_AT, "#message", Items.MESSAGE_ID))
                    .expressionAttributeValues(Map.of(":nonce", AttributeValue.fromS(tokenNonce),
                            ":at", AttributeValue.fromS(now.toString()),
                            ":message", AttributeValue.fromS(messageId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Reads the invite, then in one transaction deletes it (on the condition that it is still pending), puts its
     * new issue (an INSERT on the stream, which is what wakes the mailer), moves the email guard to the new id and
     * expiry, and writes the audit record. A guard that does not name the old invite is handled as {@link #cancel}
     * handles it: the transaction runs again, taking the guard if it is missing or names an invite no longer pending,
     * else leaving it to the other pending invite it names.
     */
    @Override
    public Optional<IssuedInvite> resend(String orgId, String inviteId, String resentBy, Duration interval,
            Instant now) {
        String pk = Keys.org(orgId);
        GuardMove guardMove = GuardMove.MOVE;
        for (int attempt = 1; ; attempt++) {
            Item old = pendingInvite(orgId, inviteId, now);
            if (old == null) {
                return Optional.empty();
            }
            Instant retryAt = InviteIds.timeOf(inviteId).plus(interval);
            if (now.isBefore(retryAt)) {
                throw new ResendTooSoonException(retryAt);
            }
            String newId = ids.apply(now).toString();
            long expiresAt = expiry.expiresAt(now);
            String nonce = TokenNonces.next();
            String normalized = old.string(Items.EMAIL_NORMALIZED);
            Item invite = invite(pk, newId, old.string(Items.EMAIL), normalized, old.string(Items.ROLE_ID),
                    old.string(Items.ROLE_NAME), old.string(Items.INVITED_BY), now, expiresAt)
                    .set(Items.TOKEN_NONCE, nonce)
                    .set(Items.REISSUED_FROM, inviteId);
            Item audit = Item.of("reissued_invite", pk, Keys.reissued(inviteId))
                    .set(Items.INVITE_ID, inviteId)
                    .set(Items.REISSUED_AS, newId)
                    .set(Items.RESENT_BY, resentBy)
                    .set(Items.RESENT_AT, now.toString());
            Transaction<ResendStep> transaction = new Transaction<ResendStep>()
                    .add(ResendStep.OLD_INVITE, delete(key(pk, Keys.invite(inviteId)), stillPending(now)))
                    .add(ResendStep.NEW_INVITE, put(Items.invite(), invite, absent()));
            if (guardMove != GuardMove.LEAVE) {
                transaction.add(ResendStep.GUARD, put(Items.emailGuard(), guard(pk, normalized, newId, expiresAt),
                        guardMove == GuardMove.MOVE ? names(inviteId) : guardFree(now)));
            }
            transaction.add(ResendStep.AUDIT, put(Items.reissuedInvite(), audit, absent()));
            try {
                transaction.commit(dynamoDb);
                return Optional.of(new IssuedInvite(toInvite(orgId, invite), old.string(Items.INVITED_BY),
                        InviteIds.timeOf(newId), Instant.ofEpochSecond(expiresAt), nonce, null));
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, ResendStep.OLD_INVITE)
                        || transaction.conditionFailed(e, ResendStep.AUDIT)) {
                    return Optional.empty(); // accepted, cancelled, re-issued or expired meanwhile
                }
                boolean guardFailed = transaction.conditionFailed(e, ResendStep.GUARD);
                if (!(guardFailed || Transaction.conflicted(e)) || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                if (guardFailed) {
                    guardMove = guardMove == GuardMove.MOVE ? GuardMove.TAKE : GuardMove.LEAVE;
                }
            }
        }
    }

    /**
     * Reads the invite, then in one transaction deletes it (on the condition that it is still pending with the
     * token's nonce), deletes its email guard when the guard names it (as {@link #cancel} does), takes the user's
     * uniqueness record (which fails when the user is a member already), and writes the membership and the audit
     * record.
     */
    @Override
    public Optional<Membership> accept(String orgId, String inviteId, String tokenNonce, String userId,
            Instant now) {
        if (tokenNonce == null) {
            return Optional.empty();
        }
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> inviteKey = key(pk, Keys.invite(inviteId));
        boolean guardNamesIt = true;
        for (int attempt = 1; ; attempt++) {
            Item invite = pendingInvite(orgId, inviteId, now);
            if (invite == null || !tokenNonce.equals(invite.string(Items.TOKEN_NONCE))) {
                return Optional.empty();
            }
            Membership membership = new Membership(ids.apply(now).toString(), orgId, userId,
                    invite.string(Items.EMAIL), invite.string(Items.ROLE_ID), invite.string(Items.ROLE_NAME), now,
                    invite.string(Items.INVITED_BY), inviteId);
            Condition pendingWithNonce = new Condition("attribute_exists(#pk) AND #expires > :now AND #nonce = :nonce",
                    Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT, "#nonce", Items.TOKEN_NONCE),
                    Map.of(":now", epochSeconds(now), ":nonce", AttributeValue.fromS(tokenNonce)));
            Item memberGuard = Item.of("member_guard", pk, Keys.user(userId))
                    .set(Items.USER_ID, userId)
                    .set(Items.MEMBERSHIP_ID, membership.id());
            Item audit = endOf(invite, "accepted_invite", Keys.accepted(inviteId))
                    .set(Items.USER_ID, userId)
                    .set(Items.MEMBERSHIP_ID, membership.id())
                    .set(Items.ACCEPTED_AT, now.toString());
            Transaction<AcceptStep> transaction = new Transaction<AcceptStep>()
                    .add(AcceptStep.INVITE, delete(inviteKey, pendingWithNonce));
            if (guardNamesIt) {
                transaction.add(AcceptStep.GUARD,
                        delete(key(pk, Keys.emailGuard(invite.string(Items.EMAIL_NORMALIZED))), names(inviteId)));
            }
            transaction.add(AcceptStep.USER, put(Items.memberGuard(), memberGuard, absent()))
                    .add(AcceptStep.MEMBERSHIP, put(Items.membership(), membershipItem(pk, membership), absent()))
                    .add(AcceptStep.AUDIT, put(Items.acceptedInvite(), audit, absent()));
            try {
                transaction.commit(dynamoDb);
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
                if (!(guardElsewhere || Transaction.conflicted(e)) || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                guardNamesIt = guardNamesIt && !guardElsewhere;
            }
        }
    }

    private static Item membershipItem(String pk, Membership membership) {
        return Item.of("membership", pk, Keys.membership(membership.id()))
                .set(Items.MEMBERSHIP_ID, membership.id())
                .set(Items.USER_ID, membership.userId())
                .set(Items.EMAIL, membership.email())
                .set(Items.ROLE_ID, membership.roleId())
                .set(Items.ROLE_NAME, membership.roleName())
                .set(Items.JOINED_AT, membership.joinedAt().toString())
                .set(Items.INVITED_BY, membership.invitedBy())
                .set(Items.INVITE_ID, membership.inviteId());
    }

    private static Membership toMembership(String orgId, Item item) {
        return new Membership(item.string(Items.MEMBERSHIP_ID), orgId, item.string(Items.USER_ID),
                item.string(Items.EMAIL), item.string(Items.ROLE_ID), item.string(Items.ROLE_NAME),
                Instant.parse(item.string(Items.JOINED_AT)), item.string(Items.INVITED_BY),
                item.string(Items.INVITE_ID));
    }

    @Override
    public MembershipPage memberships(String orgId, PageRequest page) {
        Pages.Page<Membership> read = Pages.read(this::readMemberships, orgId, page, null);
        return new MembershipPage(read.items(), read.previousCursor(), read.nextCursor());
    }
}
