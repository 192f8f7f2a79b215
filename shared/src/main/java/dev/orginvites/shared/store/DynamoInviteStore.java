package dev.orginvites.shared.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.store.Items.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The store on one DynamoDB table (key layout in {@link Keys}).
 *
 * <p>Creating writes the invite and its email guard in one transaction that also checks the role exists; cancelling
 * deletes both and writes the audit record in one transaction. Conditions make both race-safe: of two concurrent
 * creates for one address, or two cancels of one invite, exactly one wins.
 *
 * <p><b>Pending</b> means, at an instant {@code now}: {@code expires_at > now}, and the invite's id is at or above
 * the floor id, the smallest UUIDv7 of the first instant whose invites are still pending under the TTL in force
 * ({@link #floorId}). An invite's id is a UUIDv7 of its creating request's {@code now}, so the floor is a bound on
 * the sort key: a page's Query starts there and never reads the expired invites DynamoDB's TTL sweeper has not yet
 * removed (which always sit at the start of an org's range). Every rule uses this one definition: the list's key
 * condition, cancel, and the create's guard condition. Under an unchanged TTL the two halves agree exactly; a
 * shortened TTL expires invites already sent at their creation plus the new TTL (the floor), a lengthened one keeps
 * their stored {@code expires_at} (the filter).
 *
 * <p>Items are mapped by the enhanced client's schemas ({@link Items}); the calls themselves are made with the
 * low-level client, whose requests say what DynamoDB receives. The enhanced client's own operations cost a first
 * request (a cold start) a tenth of its time on this path for no behaviour the store needs: building a {@code Key},
 * a query's paginator, a {@code PutItemRequest} per transaction put converted into a {@code Put} (BENCHMARKS.md).
 */
public final class DynamoInviteStore implements InviteStore {
    /** Transactions cancelled by a conflicting concurrent transaction are retried this many times in all. */
    private static final int TRANSACTION_ATTEMPTS = 4;
    /**
     * Items a Query asks for when the one before it came back short (its items failed the expiry filter, which only
     * invites given a longer expiry by an earlier, shorter TTL can): enough that such a stretch costs few calls.
     */
    private static final int CONTINUATION_LIMIT = 100;

    private enum CreateStep { ROLE, GUARD, INVITE }

    private enum CancelStep { INVITE, GUARD, AUDIT }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration inviteTtl;
    private final Function<Instant, UUID> ids;

    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl) {
        this(dynamoDb, tableName, inviteTtl, now -> UuidV7.GENERATOR.construct(now.toEpochMilli()));
    }

    /**
     * The UUIDv7 generator, built (and its random source seeded) on the first create, which under SnapStart is after
     * the restore: a generator built before the snapshot would hand every restored copy the same random bits. Ids
     * made in one millisecond increase, so key order is creation order within this environment.
     */
    private static final class UuidV7 {
        static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();
    }

    /**
     * @param ids the id of an invite created at an instant: in production a UUIDv7 of that instant, which is what
     *     lets a page's key condition leave expired invites out (see the class comment)
     */
    public DynamoInviteStore(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl,
            Function<Instant, UUID> ids) {
        this.ids = ids;
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.inviteTtl = inviteTtl;
    }

    /** The store the functions use, configured from the environment. */
    public static DynamoInviteStore fromSettings(Settings settings) {
        return new DynamoInviteStore(DynamoClients.create(settings), settings.tableName(), settings.inviteTtl());
    }

    /**
     * The smallest id an invite still pending at {@code now} can have. An invite created at {@code c} expires at
     * the epoch second of {@code c + TTL} and is pending while that is after {@code now}'s second, that is while
     * {@code c} is at or after {@code now}'s next whole second minus the TTL; ids carry {@code c} to the
     * millisecond, so under an unchanged TTL this floor and {@code expires_at} agree on every invite.
     */
    public static String floorId(Instant now, Duration inviteTtl) {
        return Keys.firstIdAt((now.getEpochSecond() + 1) * 1000 - inviteTtl.toMillis());
    }

    private String floorId(Instant now) {
        return floorId(now, inviteTtl);
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
            String inviteId = ids.apply(now).toString();
            Item invite = invite(pk, inviteId, email, normalized, roleId, role.string(Items.NAME), invitedBy, now,
                    expiresAt);
            Transaction<CreateStep> transaction = new Transaction<CreateStep>()
                    .add(CreateStep.ROLE, conditionCheck(roleKey, exists()))
                    .add(CreateStep.GUARD, put(Items.emailGuard(), guard(pk, normalized, inviteId, expiresAt),
                            guardFree(now)))
                    .add(CreateStep.INVITE, put(Items.invite(), invite, absent()));
            try {
                transaction.commit(dynamoDb);
                return toInvite(orgId, invite);
            } catch (TransactionCanceledException e) {
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

    /**
     * A page reads {@code limit + 1} invites in its direction (the extra one says whether more follow) and, when it
     * was asked for from a cursor, at most one invite on the cursor's other side (whether any lie that way), in a
     * second Query made at the same time: two Queries and {@code limit + 2} items whatever the org holds. Both links
     * are measured, so neither leads to an empty page. An empty page links to the far end in the other direction,
     * where what remains is.
     */
    @Override
    public InvitePage list(String orgId, PageRequest page, Instant now) {
        String pk = Keys.org(orgId);
        String floor = Keys.invite(floorId(now));
        String last = Keys.invite(Keys.LAST_ID);
        boolean backward = page.endingBefore() != null;
        String cursor = backward ? page.endingBefore() : page.startingAfter();
        // DynamoDB refuses a start key outside the key condition: a cursor below the floor (its invite expired
        // since) starts a forward page at the floor and leaves nothing before a backward one.
        String cursorKey = cursor == null ? null : Keys.invite(cursor);
        boolean cursorInRange = cursorKey != null && cursorKey.compareTo(floor) >= 0;

        // Whether any pending invite lies on the far side of the cursor (the cursor's own invite included) does not
        // depend on the page, so it is read beside the page rather than after it. A first page starts at the
        // floor, before which nothing is pending.
        Future<Boolean> beyondCursor = null;
        if (backward) {
            String from = cursorInRange ? cursorKey : floor;
            beyondCursor = Probes.submit(() -> !pending(pk, from, last, null, true, 1, now).isEmpty());
        } else if (cursorInRange) {
            beyondCursor = Probes.submit(() -> !pending(pk, floor, cursorKey, null, false, 1, now).isEmpty());
        }

        int limit = page.limit();
        List<Item> found;
        if (backward) {
            found = cursorInRange ? pending(pk, floor, last, cursorKey, false, limit + 1, now) : List.of();
        } else {
            found = pending(pk, floor, last, cursorInRange ? cursorKey : null, true, limit + 1, now);
        }
        boolean more = found.size() > limit;
        List<Invite> invites = new ArrayList<>(Math.min(found.size(), limit));
        for (Item item : more ? found.subList(0, limit) : found) {
            invites.add(toInvite(orgId, item));
        }
        if (backward) {
            Collections.reverse(invites);
        }
        boolean beyond = beyondCursor != null && Probes.await(beyondCursor);

        String previous;
        String next;
        if (backward) {
            previous = more ? Cursor.of(invites.get(0).id()) : null;
            next = !beyond ? null : Cursor.of(invites.isEmpty() ? Keys.FIRST_ID : invites.get(invites.size() - 1).id());
        } else {
            next = more ? Cursor.of(invites.get(invites.size() - 1).id()) : null;
            previous = !beyond ? null : Cursor.of(invites.isEmpty() ? Keys.LAST_ID : invites.get(0).id());
        }
        return new InvitePage(invites, previous, next);
    }

    /**
     * Up to {@code wanted} pending invites with sort keys from {@code from} to {@code to} (both included), read in
     * one direction after {@code startKey} (or from the range's start). The first Query asks for exactly
     * {@code wanted}; more follow only when the expiry filter left it short.
     */
    private List<Item> pending(String pk, String from, String to, String startKey, boolean forward, int wanted,
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

    /**
     * Deletes the invite and, when its email guard names it, the guard, and writes the audit record, in one
     * transaction. The guard is deleted only on the condition that it names this invite: a guard that is missing
     * or names another invite (states a crash or an operator can leave) is left as it is and never blocks the
     * cancel, which then runs once more without it. Optimistic, so the usual cancel reads one item, not two.
     */
    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        if (inviteId.compareTo(floorId(now)) < 0) {
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

    /**
     * Adds or renames a role in an org (roles are managed outside the API; see the README).
     *
     * @throws IllegalArgumentException when the name is missing or blank: the API shows it, as a string
     */
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
                Map.of(":now", epochSeconds(now), ":floor", AttributeValue.fromS(floorId(now))));
    }

    /**
     * Runs a page's second Query beside its first. Threads are made on demand (after a SnapStart restore, since a
     * first page has no cursor) and kept while in use; they are daemons, so they never hold the JVM open.
     */
    private static final class Probes {
        private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "page-probe");
            thread.setDaemon(true);
            return thread;
        });

        static Future<Boolean> submit(Callable<Boolean> probe) {
            return THREADS.submit(probe);
        }

        /** The probe's answer, or what it threw, as the caller's own thread would have thrown it. */
        static boolean await(Future<Boolean> probe) {
            try {
                return probe.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading a page", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
