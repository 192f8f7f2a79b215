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
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The store on one DynamoDB table (key layout in {@link Keys}).
 *
 * <p>Creating writes the invite and its email guard in one transaction that also checks the role exists; cancelling
 * deletes both and writes the audit record in one transaction. Conditions make both race-safe: of two concurrent
 * creates for one address, or two cancels of one invite, exactly one wins. An expired invite is treated as gone
 * everywhere (conditions compare {@code expires_at} with now) even before DynamoDB's TTL sweeper removes it.
 */
public final class DynamoInviteStore implements InviteStore {
    /** Transactions cancelled by a conflicting concurrent transaction are retried this many times in all. */
    private static final int TRANSACTION_ATTEMPTS = 4;
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";

    private final DynamoDbEnhancedClient client;
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
        // No extensions: the defaults (versioned records, atomic counters) are for attributes these items lack.
        this.client = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).extensions().build();
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
        Key roleKey = key(pk, Keys.role(roleId));
        Item role = roles().getItem(r -> r.key(roleKey).consistentRead(true));
        if (role == null) {
            throw new UnknownRoleException(roleId);
        }
        long expiresAt = now.plus(inviteTtl).getEpochSecond();
        for (int attempt = 1; ; attempt++) {
            String inviteId = ids.get().toString();
            String normalized = Keys.normalizeEmail(email);
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

            TransactWriteItemsEnhancedRequest transaction = TransactWriteItemsEnhancedRequest.builder()
                    .addConditionCheck(roles(), ConditionCheck.builder().key(roleKey)
                            .conditionExpression(exists()).build())
                    .addPutItem(guards(), TransactPutItemEnhancedRequest.builder(Item.class).item(guard)
                            .conditionExpression(absentOrExpired(now)).build())
                    .addPutItem(invites(), TransactPutItemEnhancedRequest.builder(Item.class).item(invite)
                            .conditionExpression(absent()).build())
                    .build();
            try {
                client.transactWriteItems(transaction);
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
        Map<String, AttributeValue> start = cursorId == null ? null : Map.of(
                Items.PK, AttributeValue.fromS(pk), Items.SK, AttributeValue.fromS(Keys.invite(cursorId)));
        QueryConditional pending = QueryConditional.sortBeginsWith(key(pk, Keys.INVITE_PREFIX));
        Expression unexpired = Expression.builder()
                .expression("#expires > :now")
                .putExpressionName("#expires", Items.EXPIRES_AT)
                .putExpressionValue(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))
                .build();

        // Read one more than the page holds: whether it arrives says if more follow. LastEvaluatedKey alone
        // cannot say (DynamoDB returns it whenever Limit was reached, even with nothing left), and the filter on
        // expiry can leave a Query short, so keep reading until the page is full or the range is exhausted.
        int wanted = page.limit() + 1;
        List<Item> found = new ArrayList<>(wanted);
        int itemsRead = 0;
        double capacityUnits = 0;
        do {
            QueryEnhancedRequest query = QueryEnhancedRequest.builder()
                    .queryConditional(pending)
                    .filterExpression(unexpired)
                    .scanIndexForward(!backward)
                    .consistentRead(true)
                    .limit(wanted - found.size())
                    .exclusiveStartKey(start)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build();
            Page<Item> result = invites().query(query).iterator().next();
            found.addAll(result.items());
            itemsRead += result.scannedCount() == null ? result.items().size() : result.scannedCount();
            capacityUnits += result.consumedCapacity() == null || result.consumedCapacity().capacityUnits() == null
                    ? Double.NaN : result.consumedCapacity().capacityUnits();
            start = result.lastEvaluatedKey();
        } while (found.size() < wanted && start != null && !start.isEmpty());

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
        Key inviteKey = key(pk, Keys.invite(inviteId));
        for (int attempt = 1; ; attempt++) {
            Item invite = invites().getItem(r -> r.key(inviteKey).consistentRead(true));
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

            Expression stillPending = Expression.builder()
                    .expression("attribute_exists(#pk) AND #expires > :now")
                    .putExpressionName("#pk", Items.PK)
                    .putExpressionName("#expires", Items.EXPIRES_AT)
                    .putExpressionValue(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))
                    .build();
            Expression guardsThisInvite = Expression.builder()
                    .expression("#invite = :invite")
                    .putExpressionName("#invite", Items.INVITE_ID)
                    .putExpressionValue(":invite", AttributeValue.fromS(inviteId))
                    .build();
            TransactWriteItemsEnhancedRequest transaction = TransactWriteItemsEnhancedRequest.builder()
                    .addDeleteItem(invites(), TransactDeleteItemEnhancedRequest.builder().key(inviteKey)
                            .conditionExpression(stillPending).build())
                    .addDeleteItem(guards(), TransactDeleteItemEnhancedRequest.builder()
                            .key(key(pk, Keys.emailGuard(invite.string(Items.EMAIL_NORMALIZED))))
                            .conditionExpression(guardsThisInvite).build())
                    .addPutItem(cancellations(), TransactPutItemEnhancedRequest.builder(Item.class)
                            .item(audit).conditionExpression(absent()).build())
                    .build();
            try {
                client.transactWriteItems(transaction);
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
        roles().putItem(Item.of("role", Keys.org(orgId), Keys.role(roleId))
                .set(Items.ROLE_ID, roleId)
                .set(Items.NAME, name));
    }

    // One table, four item types: a view of the table per type (a view is two references, made when needed).

    private DynamoDbTable<Item> invites() {
        return client.table(tableName, Items.invite());
    }

    private DynamoDbTable<Item> guards() {
        return client.table(tableName, Items.emailGuard());
    }

    private DynamoDbTable<Item> roles() {
        return client.table(tableName, Items.role());
    }

    private DynamoDbTable<Item> cancellations() {
        return client.table(tableName, Items.cancelledInvite());
    }

    private static Invite toInvite(String orgId, Item item) {
        return new Invite(item.string(Items.INVITE_ID), orgId, item.string(Items.EMAIL), item.string(Items.ROLE_ID),
                item.string(Items.ROLE_NAME));
    }

    private static Key key(String pk, String sk) {
        // The AttributeValue overloads: the String ones build the enhanced client's default converters.
        return Key.builder().partitionValue(AttributeValue.fromS(pk)).sortValue(AttributeValue.fromS(sk)).build();
    }

    private static Expression exists() {
        return Expression.builder().expression("attribute_exists(#pk)").putExpressionName("#pk", Items.PK).build();
    }

    private static Expression absent() {
        return Expression.builder().expression("attribute_not_exists(#pk)").putExpressionName("#pk", Items.PK).build();
    }

    private static Expression absentOrExpired(Instant now) {
        return Expression.builder()
                .expression("attribute_not_exists(#pk) OR #expires <= :now")
                .putExpressionName("#pk", Items.PK)
                .putExpressionName("#expires", Items.EXPIRES_AT)
                .putExpressionValue(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))
                .build();
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
