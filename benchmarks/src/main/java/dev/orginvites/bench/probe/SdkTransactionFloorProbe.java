package dev.orginvites.bench.probe;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The SDK floor of a create: the client built as the functions build it, then the three calls a create makes, with
 * the low-level client and no code of ours: GetItem (the role), GetItem (the org's quota), then TransactWriteItems (a
 * condition check on the role, two conditional puts and an update of the quota). Arguments: the partition and sort
 * key of the role.
 */
public final class SdkTransactionFloorProbe {
    private SdkTransactionFloorProbe() {
    }

    public static void main(String[] args) {
        long main = Report.micros();
        TableSettings settings = TableSettings.fromEnvironment();
        DynamoDbClient client = DynamoClients.create(settings);
        long ready = Report.micros();
        Map<String, AttributeValue> role = Map.of("pk", AttributeValue.fromS(args[0]), "sk", AttributeValue.fromS(args[1]));
        GetItemResponse item = client.getItem(r -> r.tableName(settings.tableName()).consistentRead(true).key(role));
        Map<String, AttributeValue> quota = Map.of("pk", AttributeValue.fromS(args[0]), "sk",
                AttributeValue.fromS("QUOTA"));
        client.getItem(r -> r.tableName(settings.tableName()).consistentRead(true).key(quota));
        String id = UUID.randomUUID().toString();
        client.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(settings.tableName()).key(role)
                        .conditionExpression("attribute_exists(pk)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(settings.tableName())
                        .item(Map.of("pk", AttributeValue.fromS(args[0]), "sk", AttributeValue.fromS("EMAIL#" + id),
                                "invite_id", AttributeValue.fromS(id)))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(settings.tableName())
                        .item(Map.of("pk", AttributeValue.fromS(args[0]), "sk", AttributeValue.fromS("INVITE#" + id),
                                "invite_id", AttributeValue.fromS(id)))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(settings.tableName()).key(quota)
                        .updateExpression("ADD version :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build()));
        long done = Report.micros();
        Report.print(main, ready, done, item.hasItem() ? 201 : 404);
    }
}
