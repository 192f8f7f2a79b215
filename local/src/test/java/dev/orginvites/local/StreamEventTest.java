package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.orginvites.deliver.DeliverInvitesHandler;
import dev.orginvites.deliver.DeliverySettings;
import dev.orginvites.devkit.MailServices;
import dev.orginvites.devkit.SentEmails;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.store.dynamodb.StreamImages;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The stream's event in {@code events/} ({@code deliver-invites.json}) fed to the mailer, which sends its invitation. */
@EmulatorTest
class StreamEventTest {
    private static final PojoSerializer<DynamodbEvent> STREAM_SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamEventTest.class.getClassLoader());

    /**
     * The stream event holds an invitation as the store writes it (dated in 2500, so it never expires), as Lambda hands
     * it over: with the item in the table, the mailer sends it and records the delivery.
     */
    @Test
    void theStreamEventSendsItsInvitation() throws Exception {
        DynamodbEvent event;
        try (InputStream in = Files.newInputStream(EventsTest.STREAM_EVENT)) {
            event = STREAM_SERIALIZER.fromJson(in);
        }
        assertEquals(1, event.getRecords().size());
        Fixture fixture = new Fixture();
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = new HashMap<>();
        event.getRecords().get(0).getDynamodb().getNewImage().forEach((name, value) -> item.put(name,
                value.getS() != null ? software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value.getS())
                        : software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(value.getN())));
        Fixture.client().putItem(r -> r.tableName(fixture.table).item(item));
        DynamoTable store = new DynamoTable(Fixture.client(), fixture.table, Duration.ofDays(7));
        URI endpoint = Fixture.endpoint();
        SecretsManagerClient secrets = MailServices.secrets(endpoint);
        SesV2Client ses = MailServices.ses(endpoint);
        MailServices.verifyIdentity(ses, "example.com");
        int sentBefore = SentEmails.all(endpoint).size();
        DeliverInvitesHandler mailer = new DeliverInvitesHandler(store.invitations(), store.directory(), new StreamImages(), ses,
                new AcceptTokens(
                new SecretsManagerTokenKeys(secrets, MailServices.createTokenSecret(secrets), Clock.systemUTC())),
                new DeliverySettings("invites@example.com", "http://127.0.0.1:3000/accept?token={token}"),
                Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));

        StreamsEventResponse response = mailer.handleRequest(event, null);

        assertEquals(List.of(), response.getBatchItemFailures());
        List<SentEmails.Sent> sent = SentEmails.all(endpoint);
        assertEquals(sentBefore + 1, sent.size());
        assertEquals(List.of(item.get("email").s()), sent.get(sent.size() - 1).to());
        String org = item.get("pk").s().substring("ORG#".length());
        assertNotNull(store.invitations().issued(org, item.get("invite_id").s(), Clock.systemUTC().instant()).orElseThrow()
                .deliveredAt());
    }
}
