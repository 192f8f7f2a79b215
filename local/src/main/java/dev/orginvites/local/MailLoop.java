package dev.orginvites.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.orginvites.deliver.DeliverInvitesHandler;
import dev.orginvites.deliver.DeliverySettings;
import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import dev.orginvites.shared.token.TokenKeys;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;

/**
 * The rest of the invitation loop, on the emulator (moto serves DynamoDB Streams, SES v2 and Secrets Manager on the
 * DynamoDB port): the accept-token secret, created as the template creates it (a generated 64-character value); the
 * {@code MAIL_FROM} identity, verified; and each function the template subscribes to the table's stream, fed from
 * the stream as Lambda feeds it ({@link StreamRunner}), its SES client recording what it asks SES to send in the
 * {@link Outbox}.
 */
final class MailLoop implements AutoCloseable {
    /** The name of the local accept-token secret (deployed, the template's secret; env {@code TOKEN_SECRET_ID}). */
    static final String TOKEN_SECRET_ID = "org-invites-local/accept-token-key";
    static final String DEFAULT_MAIL_FROM = "invitations@org-invites.local";

    private final Outbox outbox;
    private final TokenKeys tokenKeys;
    private final DeliverySettings settings;
    private final List<StreamRunner> runners;
    private final List<AutoCloseable> clients;

    private MailLoop(Outbox outbox, TokenKeys tokenKeys, DeliverySettings settings, List<StreamRunner> runners,
            List<AutoCloseable> clients) {
        this.outbox = outbox;
        this.tokenKeys = tokenKeys;
        this.settings = settings;
        this.runners = runners;
        this.clients = clients;
    }

    /**
     * Sets the loop up and starts feeding the stream's functions.
     *
     * @param services where moto serves SES v2, Secrets Manager and DynamoDB Streams
     * @param acceptUrl the accept link's template, with {@code {token}}
     * @param out where the mailer's log lines (and any batch given up) go
     * @throws IllegalStateException when the template subscribes a handler the local API cannot build, or uses a
     *     mapping setting or filter syntax it does not implement
     */
    static MailLoop start(SamTemplate template, DynamoDbClient dynamo, String tableName, InviteStore store,
            URI services, String mailFrom, String acceptUrl, PrintStream out) {
        DeliverySettings settings = new DeliverySettings(mailFrom, acceptUrl);
        Outbox outbox = new Outbox(acceptUrl);
        UrlConnectionHttpClient http = (UrlConnectionHttpClient) UrlConnectionHttpClient.create();
        SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(services)
                .region(Region.of(DynamoEmulator.REGION)).httpClient(http).build();
        SesV2Client ses = SesV2Client.builder().endpointOverride(services).region(Region.of(DynamoEmulator.REGION))
                .httpClient(http).overrideConfiguration(c -> c.addExecutionInterceptor(outbox)).build();
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(services)
                .region(Region.of(DynamoEmulator.REGION)).httpClient(http).build();
        List<AutoCloseable> clients = List.of(streams, ses, secrets, http);
        List<StreamRunner> runners = new ArrayList<>();
        try {
            createTokenSecret(secrets);
            try {
                ses.createEmailIdentity(r -> r.emailIdentity(mailFrom));
            } catch (AlreadyExistsException verifiedInAnEarlierRun) {
                // an emulator that DYNAMODB_ENDPOINT names may have it from an earlier run
            }
            TokenKeys keys = new SecretsManagerTokenKeys(secrets, TOKEN_SECRET_ID, Clock.systemUTC());
            Map<String, Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>>> handlers = Map.of(
                    DeliverInvitesHandler.class.getName(), () -> new DeliverInvitesHandler(store, ses,
                            new AcceptTokens(keys), settings, Clock.systemUTC(), out));
            String streamArn = dynamo.describeTable(r -> r.tableName(tableName)).table().latestStreamArn();
            for (SamTemplate.StreamSubscription subscription : template.streamSubscriptions()) {
                Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> handler =
                        handlers.get(subscription.handlerClass());
                if (handler == null) {
                    throw new IllegalStateException("template.yaml subscribes " + subscription.handlerClass()
                            + " (" + subscription.functionId() + ") to the table's stream, which the local API "
                            + "cannot build; add it to MailLoop");
                }
                if (streamArn == null) {
                    throw new IllegalStateException("table " + tableName + " has no stream; template.yaml's "
                            + subscription.functionId() + " reads one");
                }
                runners.add(new StreamRunner(StreamRunner.Mapping.of(subscription), streams, streamArn,
                        handler.get(), out).start());
            }
            return new MailLoop(outbox, keys, settings, runners, clients);
        } catch (RuntimeException e) {
            runners.forEach(StreamRunner::close);
            closeAll(clients);
            throw e;
        }
    }

    /** As the template's GenerateSecretString: 64 characters, here base64url of 48 random bytes. */
    private static void createTokenSecret(SecretsManagerClient secrets) {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        try {
            secrets.createSecret(r -> r.name(TOKEN_SECRET_ID)
                    .secretString(Base64.getUrlEncoder().withoutPadding().encodeToString(random)));
        } catch (ResourceExistsException createdInAnEarlierRun) {
            // an emulator that DYNAMODB_ENDPOINT names may have it from an earlier run: its tokens stay valid
        }
    }

    Outbox outbox() {
        return outbox;
    }

    /** The accept-token keys, as the functions that issue and verify tokens read them. */
    TokenKeys tokenKeys() {
        return tokenKeys;
    }

    DeliverySettings settings() {
        return settings;
    }

    /** How many functions the stream feeds. */
    int subscribers() {
        return runners.size();
    }

    @Override
    public void close() {
        runners.forEach(StreamRunner::close);
        closeAll(clients);
    }

    private static void closeAll(List<AutoCloseable> clients) {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing on the way out
            }
        }
    }
}
