package dev.orginvites.bench.probe;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The SDK floor of a list: the client built as the functions build it, then the Query a first page makes (pending
 * invites of one org, unexpired, 11 items, consistent, with consumed capacity), with the low-level client and no code
 * of ours. Arguments: the partition key of the org; with a second, {@code members}, the members list's calls instead:
 * a GetItem of the org's directory item (its name), then a Query of 11 memberships.
 */
public final class SdkQueryFloorProbe {
    private SdkQueryFloorProbe() {
    }

    public static void main(String[] args) {
        long main = Report.micros();
        TableSettings settings = TableSettings.fromEnvironment();
        DynamoDbClient client = DynamoClients.create(settings);
        long ready = Report.micros();
        boolean members = args.length > 1 && args[1].equals("members");
        if (members) {
            client.getItem(r -> r.tableName(settings.tableName()).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(args[0]), "sk", AttributeValue.fromS("ORG"))));
        }
        Map<String, String> names = new HashMap<>(Map.of("#pk", "pk", "#sk", "sk"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(args[0]),
                ":prefix", AttributeValue.fromS(members ? "MEMBER#" : "INVITE#")));
        if (!members) {
            names.put("#expires", "expires_at");
            values.put(":now", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000)));
        }
        QueryResponse page = client.query(r -> r.tableName(settings.tableName())
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .filterExpression(members ? null : "#expires > :now")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .limit(11)
                .consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        long done = Report.micros();
        Report.print(main, ready, done, page.count() >= 0 ? 200 : 500);
    }
}
