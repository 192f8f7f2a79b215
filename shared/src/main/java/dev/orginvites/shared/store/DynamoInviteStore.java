package dev.orginvites.shared.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.store.Items.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The store on one DynamoDB table (key layout in {@link Keys}).
 *
 * <p>Creating writes the invite and its email guard in one transaction that also checks the role exists; cancelling
 * deletes both and writes the audit record in one transaction. Conditions make both race-safe: of two concurrent
 * creates for one address, or two cancels of one invite, exactly one wins. An expired invite is treated as gone
 * everywhere (conditions compare {@code expires_at} with now) even before DynamoDB's TTL sweeper removes it.
 *
 * <p>Items are mapped by the enhanced client's schemas ({@link Items}); the calls themselves are made with the
 * low-level client, whose requests say what DynamoDB receives. The enhanced client's own operations cost a first
 * request (a cold start) a tenth of its time on this path for no behaviour the store needs: building a {@code Key},
 * a query's paginator, a {@code PutItemRequest} per transaction put converted into a {@code Put} (BENCHMARKS.md).
 */
public final class DynamoInviteStore implements InviteStore {
    /** Transactions cancelled by a conflicting concurrent transaction are retried this many times in all. */
    private static final int TRANSACTION_ATTEMPTS = 4;
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration inviteTtl;
    private final Supplier<UUID> ids;

    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl) {
        this(dynamoDb, tableName, inviteTtl, () -> UuidV7.GENERATOR.generate());
    }

    /**
     * The UUIDv7 generator, built (and its random source seeded) on the first create, which under SnapStart is after
     * the restore: a generator built before the snapshot would hand every restored copy the same random bits.
     */
    private static final class UuidV7 {
        static final NoArgGenerator GENERATOR = Generators.timeBasedEpochGenerator();
    }

    /** @param ids the source of invite ids: UUIDv7 in production, so that key order is creation order */
    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl, Supplier<UUID> ids) {
        this.ids = ids;
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.inviteTtl = inviteTtl;
    }

    /** The store the functions use, configured from the environment. */
    public static DynamoInviteStore fromSettings(Settings settings) {
        return new DynamoInviteStore(DynamoClients.create(settings), settings.tableName(), settings.inviteTtl());
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, Instant now) {
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> roleKey = key(pk, Keys.role(roleId));
        Item role = get(Items.role(), roleKey);
        if (role == null) {
            throw new UnknownRoleException(roleId);
        }
        long expiresAt = now.plus(inviteTtl).getEpochSecond();
        String normalized = Keys.normalizeEmail(email);
        for (int attempt = 1; ; attempt++) {
            String inviteId = ids.get().toString();
            Item invite = Item.of("invite", pk, Keys.invite(inviteId))
                    .set(Items.INVITE_ID, inviteId)
                    .set(Items.EMAIL, email)
                    .set(Items.EMAIL_NORMALIZED, normalized)
                    .set(Items.ROLE_ID, roleId)
                    .set(Items.ROLE_NAME, role.string(Items.NAME))
                    .set(Items.INVITED_BY, invitedBy)
                    .set(Items.CREATED_AT, now.toString())
                    .set(Items.EXPIRES_AT, expiresAt);
            Item guard = Item.of("email_guard", pk, Keys.emailGuard(normalized))
                    .set(Items.INVITE_ID, inviteId)
                    .set(Items.EXPIRES_AT, expiresAt);
            try {
                transact(conditionCheck(roleKey, exists()),
                        put(Items.emailGuard(), guard, absentOrExpired(now)),
                        put(Items.invite(), invite, absent()));
                return toInvite(orgId, invite);
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (failed(reasons, 0, CONDITION_FAILED)) {
                    throw new UnknownRoleException(roleId);
                }
                if (failed(reasons, 1, CONDITION_FAILED)) {
                    throw new InviteAlreadyPendingException();
                }
                if (!conflicted(reasons) || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public InvitePage list(String orgId, PageRequest page, Instant now) {
        String pk = Keys.org(orgId);
        boolean backward = page.endingBefore() != null;
        String cursorId = backward ? page.endingBefore() : page.startingAfter();
        Map<String, AttributeValue> start = cursorId == null ? null : key(pk, Keys.invite(cursorId));
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .filterExpression("#expires > :now")
                .expressionAttributeNames(Map.of("#pk", Items.PK, "#sk", Items.SK, "#expires", Items.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk),
                        ":prefix", AttributeValue.fromS(Keys.INVITE_PREFIX), ":now", epochSeconds(now)))
                .scanIndexForward(!backward)
                .consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);

        // Read one more than the page holds: whether it arrives says if more follow. LastEvaluatedKey alone
        // cannot say (DynamoDB returns it whenever Limit was reached, even with nothing left), and the filter on
        // expiry can leave a Query short, so keep reading until the page is full or the range is exhausted.
        int wanted = page.limit() + 1;
        List<Item> found = new ArrayList<>(wanted);
        int itemsRead = 0;
        double capacityUnits = 0;
        do {
            QueryResponse result = dynamoDb.query(query.limit(wanted - found.size()).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : result.items()) {
                found.add(Items.invite().mapToItem(item));
            }
            itemsRead += result.scannedCount() == null ? result.count() : result.scannedCount();
            capacityUnits += result.consumedCapacity() == null || result.consumedCapacity().capacityUnits() == null
                    ? Double.NaN : result.consumedCapacity().capacityUnits();
            start = result.hasLastEvaluatedKey() ? result.lastEvaluatedKey() : null;
        } while (found.size() < wanted && start != null);

        boolean more = found.size() > page.limit();
        List<Item> items = more ? found.subList(0, page.limit()) : found;
        if (backward) {
            Collections.reverse(items);
        }
        List<Invite> result = new ArrayList<>(items.size());
        for (Item item : items) {
            result.add(toInvite(orgId, item));
        }
        // The cursor itself was minted from an invite on a neighbouring page, so the far side is known not to be
        // empty without reading it; the near side is what the extra item told us.
        boolean hasPrevious = backward ? more : cursorId != null && !result.isEmpty();
        boolean hasNext = backward ? !result.isEmpty() : more;
        return new InvitePage(result, hasPrevious, hasNext, itemsRead, capacityUnits);
    }

    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> inviteKey = key(pk, Keys.invite(inviteId));
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
            Condition guardsThisInvite = new Condition("#invite = :invite", Map.of("#invite", Items.INVITE_ID),
                    Map.of(":invite", AttributeValue.fromS(inviteId)));
            try {
                transact(delete(inviteKey, stillPending),
                        delete(key(pk, Keys.emailGuard(invite.string(Items.EMAIL_NORMALIZED))), guardsThisInvite),
                        put(Items.cancelledInvite(), audit, absent()));
                return true;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (failed(reasons, 0, CONDITION_FAILED) || failed(reasons, 2, CONDITION_FAILED)) {
                    return false; // cancelled or expired meanwhile
                }
                if (!conflicted(reasons) || attempt == TRANSACTION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Adds or renames a role in an org (roles are managed outside the API; see the README). */
    public void putRole(String orgId, String roleId, String name) {
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

    private void transact(TransactWriteItem... items) {
        dynamoDb.transactWriteItems(r -> r.transactItems(items));
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

    private static Condition absentOrExpired(Instant now) {
        return new Condition("attribute_not_exists(#pk) OR #expires <= :now",
                Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT), Map.of(":now", epochSeconds(now)));
    }

    private static boolean failed(List<CancellationReason> reasons, int index, String code) {
        return reasons != null && reasons.size() > index && code.equals(reasons.get(index).code());
    }

    private static boolean conflicted(List<CancellationReason> reasons) {
        if (reasons != null) {
            for (CancellationReason reason : reasons) {
                if (CONFLICT.equals(reason.code())) {
                    return true;
                }
            }
        }
        return false;
    }
}
