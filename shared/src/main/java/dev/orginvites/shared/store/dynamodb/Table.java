package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.IdRange;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The store's one table, and the requests every part of the store makes on it: consistent reads, ranged Queries,
 * and the items of a transaction. The calls are made with the low-level client, whose requests say what DynamoDB
 * receives; items are mapped by the schemas in {@link Items}.
 */
final class Table {
    /**
     * Items a Query asks for when the one before it came back short (its items failed the expiry filter, which only
     * invites given a longer expiry by an earlier, shorter TTL can): enough that such a stretch costs few calls.
     */
    private static final int CONTINUATION_LIMIT = 100;
    /** Tries at the keys a BatchGetItem leaves unprocessed (under throttling) before giving up. */
    private static final int UNPROCESSED_ATTEMPTS = 5;

    final DynamoDbClient dynamoDb;
    final String name;

    Table(DynamoDbClient dynamoDb, String name) {
        this.dynamoDb = dynamoDb;
        this.name = name;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Items.PK, AttributeValue.fromS(pk), Items.SK, AttributeValue.fromS(sk));
    }

    static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }

    /** The item at a key, read consistently, or null. */
    Item get(TableSchema<Item> schema, Map<String, AttributeValue> key) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(name).key(key).consistentRead(true));
        return response.hasItem() ? schema.mapToItem(response.item()) : null;
    }

    /**
     * The items at up to 100 keys, read consistently in one BatchGetItem (again for any keys DynamoDB leaves
     * unprocessed, a few times with a short pause), in no particular order; keys with no item are left out.
     */
    List<Item> getAll(TableSchema<Item> schema, List<Map<String, AttributeValue>> keys) {
        List<Item> found = new ArrayList<>(keys.size());
        Map<String, KeysAndAttributes> unprocessed = keys.isEmpty() ? Map.of()
                : Map.of(name, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        for (int attempt = 1; !unprocessed.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            Map<String, KeysAndAttributes> request = unprocessed;
            BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(request));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(name, List.of())) {
                found.add(schema.mapToItem(item));
            }
            unprocessed = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            if (!unprocessed.isEmpty() && attempt == UNPROCESSED_ATTEMPTS) {
                throw new IllegalStateException("DynamoDB left keys unprocessed " + attempt + " times");
            }
        }
        return found;
    }

    /** Before another try at unprocessed keys: 10, 20, 40, ... ms, as the SDK spaces its own retries. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(10L << (attempt - 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
    }

    /**
     * Every item of a partition whose sort key starts with {@code prefix}, in key order, read consistently by as many
     * Queries as it takes: for an operator's command over a whole org, never for a request.
     */
    List<Item> all(TableSchema<Item> schema, String pk, String prefix) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(name)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", Items.PK, "#sk", Items.SK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk),
                        ":prefix", AttributeValue.fromS(prefix)))
                .consistentRead(true);
        List<Item> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse result = dynamoDb.query(query.exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : result.items()) {
                found.add(schema.mapToItem(item));
            }
            start = result.hasLastEvaluatedKey() && !result.lastEvaluatedKey().isEmpty()
                    ? result.lastEvaluatedKey() : null;
        } while (start != null);
        return found;
    }

    /** One unconditional PutItem: the item as the schema maps it, replacing any item with its key. */
    void putItem(TableSchema<Item> schema, Item item) {
        dynamoDb.putItem(r -> r.tableName(name).item(schema.itemToMap(item, true)));
    }

        TransactWriteItem conditionCheck(Map<String, AttributeValue> key, Condition condition) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(name).key(key)
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.names())
                .expressionAttributeValues(condition.values())
                .build()).build();
    }

    TransactWriteItem put(TableSchema<Item> schema, Item item, Condition condition) {
        return TransactWriteItem.builder().put(Put.builder().tableName(name).item(schema.itemToMap(item, true))
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.names())
                .expressionAttributeValues(condition.values())
                .build()).build();
    }

    /** A Delete with no condition: the item goes if it is there. */
    TransactWriteItem delete(Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(name).key(key).build()).build();
    }

    /** An Update of a transaction: {@code update} sets attributes by the condition's names and values too. */
    TransactWriteItem update(Map<String, AttributeValue> key, String update, Condition condition) {
        return TransactWriteItem.builder().update(Update.builder().tableName(name).key(key)
                .updateExpression(update)
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.names())
                .expressionAttributeValues(condition.values())
                .build()).build();
    }

    TransactWriteItem delete(Map<String, AttributeValue> key, Condition condition) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(name).key(key)
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.names())
                .expressionAttributeValues(condition.values())
                .build()).build();
    }

    /**
     * Up to {@code wanted} of a partition's items whose sort keys are {@code prefix} and an id in the range, read in
     * one direction, and when {@code pendingAt} is given only those whose expiry is after it. The first Query asks
     * for exactly {@code wanted}; more follow only when the expiry filter left it short.
     *
     * @param range the ids to read, or null for none
     */
    List<Item> query(TableSchema<Item> schema, String pk, String prefix, IdRange range, boolean forward, int wanted,
            Instant pendingAt) {
        if (range == null) {
            return List.of();
        }
        String from = prefix + range.lowestId();
        String to = prefix + range.highestId();
        Map<String, String> names = new HashMap<>(Map.of("#pk", Items.PK, "#sk", Items.SK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(pk),
                ":from", AttributeValue.fromS(from), ":to", AttributeValue.fromS(to)));
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(name)
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
}
