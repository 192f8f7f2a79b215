package dev.orginvites.bench.probe;

import dev.orginvites.deliver.MailerClients;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The mailer's own SDK floor: its three clients built exactly as it builds them, then the calls its first batch of
 * one invitation makes, with none of its code: the token secret's two stages, a consistent GetItem of the invitation,
 * a consistent GetItem of its org's name, a SendEmail of a fixed two-part message, a conditional UpdateItem.
 * Status: 200.
 */
public final class SdkMailerFloorProbe {
    private SdkMailerFloorProbe() {
    }

    public static void main(String[] args) throws Exception {
        long main = Report.micros();
        TableSettings settings = TableSettings.fromEnvironment();
        DynamoDbClient dynamoDb = DynamoClients.create(settings);
        SesV2Client ses = MailerClients.ses(settings.region());
        SecretsManagerClient secrets = SecretsManagerTokenKeys.client(System::getenv);
        long ready = Report.micros();
        String[] invitation = InvitationPool.claim();
        long claimed = Report.micros();
        String secret = System.getenv("TOKEN_SECRET_ID");
        secrets.getSecretValue(r -> r.secretId(secret).versionStage("AWSCURRENT"));
        try {
            secrets.getSecretValue(r -> r.secretId(secret).versionStage("AWSPREVIOUS"));
        } catch (ResourceNotFoundException neverRotated) {
            // as the mailer's keys: no previous version
        }
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(invitation[0]),
                "sk", AttributeValue.fromS(invitation[1]));
        String to = dynamoDb.getItem(r -> r.tableName(settings.tableName()).key(key).consistentRead(true)).item()
                .get("email").s();
        Map<String, AttributeValue> orgKey = Map.of("pk", AttributeValue.fromS(invitation[0]),
                "sk", AttributeValue.fromS("ORG"));
        String org = dynamoDb.getItem(r -> r.tableName(settings.tableName()).key(orgKey).consistentRead(true))
                .item().get("name").s();
        String messageId = ses.sendEmail(r -> r.fromEmailAddress(System.getenv("MAIL_FROM"))
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m.subject(s -> s.data("You are invited to join " + org))
                        .body(b -> b.text(t -> t.data("Accept: https://app.example.com/accept"))
                                .html(h -> h.data("<p><a href=\"https://app.example.com/accept\">Accept</a></p>"))))))
                .messageId();
        dynamoDb.updateItem(r -> r.tableName(settings.tableName()).key(key)
                .updateExpression("SET delivered_at = :at, message_id = :m")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(delivered_at)")
                .expressionAttributeValues(Map.of(":at", AttributeValue.fromS("floor"),
                        ":m", AttributeValue.fromS(messageId))));
        long done = Report.micros();
        Report.print(main, ready, done - (claimed - ready), 200);
    }
}
