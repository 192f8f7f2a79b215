package dev.orginvites.bench.probe;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * accept-invite's own SDK floor: what it must build at init (the DynamoDB client and the Secrets Manager client its
 * token keys are read with, each as the function builds it) and the one GetItem its measured request makes (a token
 * for an invitation that does not exist, so no key is read). Arguments: the partition and sort key to read.
 */
public final class SdkAcceptFloorProbe {
    private SdkAcceptFloorProbe() {
    }

    public static void main(String[] args) {
        long main = Report.micros();
        TableSettings settings = TableSettings.fromEnvironment();
        DynamoDbClient client = DynamoClients.create(settings);
        SecretsManagerClient secrets = SecretsManagerTokenKeys.client(System::getenv);
        long ready = Report.micros();
        GetItemResponse item = client.getItem(r -> r.tableName(settings.tableName()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(args[0]), "sk", AttributeValue.fromS(args[1]))));
        long done = Report.micros();
        Report.print(main, ready, done, item.hasItem() && secrets != null ? 200 : 404);
    }
}
