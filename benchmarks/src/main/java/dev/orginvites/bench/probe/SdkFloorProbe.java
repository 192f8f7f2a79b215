package dev.orginvites.bench.probe;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The SDK floor: builds the DynamoDB client exactly as the functions do (same settings, same builder) and makes one
 * GetItem, the least any function here must pay. Arguments: the partition and sort key to read.
 */
public final class SdkFloorProbe {
    private SdkFloorProbe() {
    }

    public static void main(String[] args) {
        long main = Report.micros();
        TableSettings settings = TableSettings.fromEnvironment();
        DynamoDbClient client = DynamoClients.create(settings);
        long ready = Report.micros();
        GetItemResponse item = client.getItem(r -> r.tableName(settings.tableName()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(args[0]), "sk", AttributeValue.fromS(args[1]))));
        long done = Report.micros();
        Report.print(main, ready, done, item.hasItem() ? 200 : 404);
    }
}
