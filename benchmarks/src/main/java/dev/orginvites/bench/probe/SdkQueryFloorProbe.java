package dev.orginvites.bench.probe;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
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
        if (args.length > 1 && args[1].equals("members")) {
            client.getItem(r -> r.tableName(settings.tableName()).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS(args[0]), "sk", AttributeValue.fromS("ORG"))));
            QueryResponse page = client.query(r -> r.tableName(settings.tableName())
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", "pk", "#sk", "sk"))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(args[0]),
                            ":prefix", AttributeValue.fromS("MEMBER#")))
                    .limit(11)
                    .consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            Report.print(main, ready, Report.micros(), page.count() >= 0 ? 200 : 500);
            return;
        }
        QueryResponse page = client.query(r -> r.tableName(settings.tableName())
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .filterExpression("#expires > :now")
                .expressionAttributeNames(Map.of("#pk", "pk", "#sk", "sk", "#expires", "expires_at"))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(args[0]),
                        ":prefix", AttributeValue.fromS("INVITE#"),
                        ":now", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000))))
                .limit(11)
                .consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        long done = Report.micros();
        Report.print(main, ready, done, page.count() >= 0 ? 200 : 500);
    }
}
