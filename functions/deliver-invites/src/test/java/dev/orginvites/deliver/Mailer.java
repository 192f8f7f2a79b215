package dev.orginvites.deliver;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.MailServices;
import dev.orginvites.devkit.SentEmails;
import dev.orginvites.devkit.StreamEvents;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.dynamodb.StreamImages;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The mailer on the emulator, wired as Lambda wires it: a table with the template's stream, SES v2 with a verified
 * sending domain, the token key a Secrets Manager secret; the stream's records handed over as Lambda's event source
 * mapping hands them (its filter applied, the event deserialized by the Lambda runtime's own serializer).
 */
final class Mailer {
    static final String DOMAIN = "mail.example.com";
    static final String FROM = "invites@" + DOMAIN;
    static final String ACCEPT_URL = "https://app.example.com/accept?from=mail&token={token}";
    private static final PojoSerializer<DynamodbEvent> RUNTIME_SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, Mailer.class.getClassLoader());

    final Fixture fixture = Fixture.withStream();
    final URI endpoint = DynamoEmulator.shared().endpoint();
    final DynamoDbStreamsClient streams = StreamEvents.client(endpoint);
    final String streamArn = StreamEvents.streamArn(Fixture.client(), fixture.table);
    final SecretsManagerClient secrets = MailServices.secrets(endpoint);
    final String tokenSecret;
    final AcceptTokens tokens;
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final int sentBefore;

    Mailer() {
        tokenSecret = MailServices.createTokenSecret(secrets);
        tokens = new AcceptTokens(new SecretsManagerTokenKeys(secrets, tokenSecret, fixture.clock));
        try (SesV2Client ses = ses()) {
            MailServices.verifyIdentity(ses, DOMAIN);
        }
        sentBefore = SentEmails.all(endpoint).size();
    }

    /** An SES v2 client for the emulator; interceptors stand in for SES's own failures. */
    SesV2Client ses(ExecutionInterceptor... interceptors) {
        return MailServices.ses(endpoint, interceptors);
    }

    DeliverInvitesHandler handler(SesV2Client ses) {
        return handler(ses, fixture.directory);
    }

    /** A handler reading the orgs' names from {@code directory}. */
    DeliverInvitesHandler handler(SesV2Client ses, Directory directory) {
        return new DeliverInvitesHandler(fixture.invitations, directory, new StreamImages(), ses, tokens,
                new DeliverySettings(FROM, ACCEPT_URL), fixture.clock,
                new PrintStream(logged, true, StandardCharsets.UTF_8));
    }

    /** Every record the table's stream holds. */
    List<Record> records() {
        return StreamEvents.read(streams, streamArn);
    }

    /** The template's filter: inserts of invitations. */
    static final Predicate<Record> INVITE_INSERTS = r -> r.eventName() == OperationType.INSERT
            && r.dynamodb().keys().get("sk").s().startsWith("INVITE#");

    /** The event Lambda invokes the function with for these records, as the runtime deserializes it. */
    DynamodbEvent event(List<Record> records) {
        return RUNTIME_SERIALIZER.fromJson(StreamEvents.lambdaEvent(records, streamArn));
    }

    /** The event for the records the template's filter lets through. */
    DynamodbEvent filteredEvent() {
        return event(records().stream().filter(INVITE_INSERTS).toList());
    }

    /** What moto's SES accepted since this mailer was set up. */
    List<SentEmails.Sent> sent() {
        List<SentEmails.Sent> all = SentEmails.all(endpoint);
        return all.subList(sentBefore, all.size()).stream()
                .filter(m -> FROM.equals(m.from()) && m.to().stream().anyMatch(t -> t.contains(fixture.org)))
                .toList();
    }

    String log() {
        return logged.toString(StandardCharsets.UTF_8);
    }

    /** An address unique to this test's org, so that messages other tests send on the shared emulator never count. */
    String address(String local) {
        return local + "+" + fixture.org + "@example.com";
    }
}
