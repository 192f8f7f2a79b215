package dev.orginvites.shared.store;

import com.fasterxml.uuid.Generators;
import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.store.Items.CancelledInviteItem;
import dev.orginvites.shared.store.Items.EmailGuardItem;
import dev.orginvites.shared.store.Items.InviteItem;
import dev.orginvites.shared.store.Items.RoleItem;
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
    private final DynamoDbTable<InviteItem> invites;
    private final DynamoDbTable<EmailGuardItem> guards;
    private final DynamoDbTable<RoleItem> roles;
    private final DynamoDbTable<CancelledInviteItem> cancellations;
    private final Duration inviteTtl;
    private final Supplier<UUID> ids;

    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl) {
        this(dynamoDb, tableName, inviteTtl, Generators.timeBasedEpochGenerator()::generate);
    }

    /** @param ids the source of invite ids: UUIDv7 in production, so that key order is creation order */
    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl, Supplier<UUID> ids) {
        this.ids = ids;
        this.client = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
        this.invites = client.table(tableName, Items.INVITE);
        this.guards = client.table(tableName, Items.EMAIL_GUARD);
        this.roles = client.table(tableName, Items.ROLE);
        this.cancellations = client.table(tableName, Items.CANCELLED_INVITE);
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
        RoleItem role = roles.getItem(r -> r.key(roleKey).consistentRead(true));
        if (role == null) {
            throw new UnknownRoleException(roleId);
        }
        long expiresAt = now.plus(inviteTtl).getEpochSecond();
        for (int attempt = 1; ; attempt++) {
            InviteItem invite = new InviteItem();
            invite.pk = pk;
            invite.inviteId = ids.get().toString();
            invite.sk = Keys.invite(invite.inviteId);
            invite.itemType = "invite";
            invite.email = email;
            invite.emailNormalized = Keys.normalizeEmail(email);
            invite.roleId = roleId;
            invite.roleName = role.name;
            invite.invitedBy = invitedBy;
            invite.createdAt = now.toString();
            invite.expiresAt = expiresAt;

            EmailGuardItem guard = new EmailGuardItem();
            guard.pk = pk;
            guard.sk = Keys.emailGuard(invite.emailNormalized);
            guard.itemType = "email_guard";
            guard.inviteId = invite.inviteId;
            guard.expiresAt = expiresAt;

            TransactWriteItemsEnhancedRequest transaction = TransactWriteItemsEnhancedRequest.builder()
                    .addConditionCheck(roles, ConditionCheck.builder().key(roleKey)
                            .conditionExpression(exists()).build())
                    .addPutItem(guards, TransactPutItemEnhancedRequest.builder(EmailGuardItem.class).item(guard)
                            .conditionExpression(absentOrExpired(now)).build())
                    .addPutItem(invites, TransactPutItemEnhancedRequest.builder(InviteItem.class).item(invite)
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
                Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(Keys.invite(cursorId)));
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
        List<InviteItem> found = new ArrayList<>(wanted);
        int itemsRead = 0;
        do {
            QueryEnhancedRequest query = QueryEnhancedRequest.builder()
                    .queryConditional(pending)
                    .filterExpression(unexpired)
                    .scanIndexForward(!backward)
                    .consistentRead(true)
                    .limit(wanted - found.size())
                    .exclusiveStartKey(start)
                    .build();
            Page<InviteItem> result = invites.query(query).iterator().next();
            found.addAll(result.items());
            itemsRead += result.scannedCount() == null ? result.items().size() : result.scannedCount();
            start = result.lastEvaluatedKey();
        } while (found.size() < wanted && start != null && !start.isEmpty());

        boolean more = found.size() > page.limit();
        List<InviteItem> items = more ? found.subList(0, page.limit()) : found;
        if (backward) {
            Collections.reverse(items);
        }
        List<Invite> result = new ArrayList<>(items.size());
        for (InviteItem item : items) {
            result.add(toInvite(orgId, item));
        }
        // The cursor itself was minted from an invite on a neighbouring page, so the far side is known not to be
        // empty without reading it; the near side is what the extra item told us.
        boolean hasPrevious = backward ? more : cursorId != null && !result.isEmpty();
        boolean hasNext = backward ? !result.isEmpty() : more;
        return new InvitePage(result, hasPrevious, hasNext, itemsRead);
    }

    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        String pk = Keys.org(orgId);
        Key inviteKey = key(pk, Keys.invite(inviteId));
        for (int attempt = 1; ; attempt++) {
            InviteItem invite = invites.getItem(r -> r.key(inviteKey).consistentRead(true));
            if (invite == null || invite.expiresAt == null || invite.expiresAt <= now.getEpochSecond()) {
                return false;
            }
            CancelledInviteItem audit = new CancelledInviteItem();
            audit.pk = pk;
            audit.sk = Keys.cancelled(inviteId);
            audit.itemType = "cancelled_invite";
            audit.inviteId = inviteId;
            audit.email = invite.email;
            audit.roleId = invite.roleId;
            audit.invitedBy = invite.invitedBy;
            audit.createdAt = invite.createdAt;
            audit.cancelledBy = cancelledBy;
            audit.cancelledAt = now.toString();

            Expression stillPending = Expression.builder()
                    .expression("attribute_exists(#pk) AND #expires > :now")
                    .putExpressionName("#pk", Keys.PK)
                    .putExpressionName("#expires", Items.EXPIRES_AT)
                    .putExpressionValue(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))
                    .build();
            Expression guardsThisInvite = Expression.builder()
                    .expression("#invite = :invite")
                    .putExpressionName("#invite", Items.INVITE_ID)
                    .putExpressionValue(":invite", AttributeValue.fromS(inviteId))
                    .build();
            TransactWriteItemsEnhancedRequest transaction = TransactWriteItemsEnhancedRequest.builder()
                    .addDeleteItem(invites, TransactDeleteItemEnhancedRequest.builder().key(inviteKey)
                            .conditionExpression(stillPending).build())
                    .addDeleteItem(guards, TransactDeleteItemEnhancedRequest.builder()
                            .key(key(pk, Keys.emailGuard(invite.emailNormalized)))
                            .conditionExpression(guardsThisInvite).build())
                    .addPutItem(cancellations, TransactPutItemEnhancedRequest.builder(CancelledInviteItem.class)
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
        RoleItem role = new RoleItem();
        role.pk = Keys.org(orgId);
        role.sk = Keys.role(roleId);
        role.itemType = "role";
        role.roleId = roleId;
        role.name = name;
        roles.putItem(role);
    }

    private static Invite toInvite(String orgId, InviteItem item) {
        return new Invite(item.inviteId, orgId, item.email, item.roleId, item.roleName, item.invitedBy,
                Instant.parse(item.createdAt), Instant.ofEpochSecond(item.expiresAt));
    }

    private static Key key(String pk, String sk) {
        return Key.builder().partitionValue(pk).sortValue(sk).build();
    }

    private static Expression exists() {
        return Expression.builder().expression("attribute_exists(#pk)").putExpressionName("#pk", Keys.PK).build();
    }

    private static Expression absent() {
        return Expression.builder().expression("attribute_not_exists(#pk)").putExpressionName("#pk", Keys.PK).build();
    }

    private static Expression absentOrExpired(Instant now) {
        return Expression.builder()
                .expression("attribute_not_exists(#pk) OR #expires <= :now")
                .putExpressionName("#pk", Keys.PK)
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
