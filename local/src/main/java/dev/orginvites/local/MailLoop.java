package dev.orginvites.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.deliver.DeliverInvitesHandler;
import dev.orginvites.deliver.DeliverySettings;
import dev.orginvites.devkit.EventServices;
import dev.orginvites.devkit.MailServices;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.devkit.StreamEvents;
import dev.orginvites.events.EventSettings;
import dev.orginvites.events.PublishEventsHandler;
import dev.orginvites.feedback.RecordFeedbackHandler;
import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.store.dynamodb.StreamImages;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import dev.orginvites.shared.token.TokenKeys;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The rest of the invitation loop, on the emulator (moto serves DynamoDB Streams, SES v2, Secrets Manager, SQS and
 * EventBridge on the DynamoDB port): the accept-token secret, created as the template creates it (a generated
 * 64-character value, under a name of its own each run); the {@code MAIL_FROM} identity, verified; the configuration
 * set the mailer sends with; each function the template subscribes to the table's stream, fed from the stream as
 * Lambda feeds it ({@link StreamRunner}), its SES client recording what it asks SES to send in the {@link Outbox} and
 * answering SES's simulator addresses as SES does ({@link MailboxSimulator}); and each function the template feeds
 * from a queue, with the queue and the rules that fill it ({@link QueueSource}), fed as Lambda feeds it
 * ({@link QueueRunner}). So a bounce takes the deployed path: the default bus, the template's rule, the queue,
 * record-feedback. The event publisher's EventBridge client records what it put on its bus (a bus of its own on the
 * emulator, as the template's {@code EventBus}) in the {@link EventLog}.
 */
final class MailLoop implements AutoCloseable {
    static final String DEFAULT_MAIL_FROM = "invitations@org-invites.local";
    /** The bus the local publisher puts events on, on the emulator. */
    static final String EVENT_BUS = "org-invites-local";

    private final Outbox outbox;
    private final EventLog eventLog;
    private final TokenKeys tokenKeys;
    private final DeliverySettings settings;
    private final List<AutoCloseable> runners;
    private final List<AutoCloseable> clients;

    private MailLoop(Outbox outbox, EventLog eventLog, TokenKeys tokenKeys, DeliverySettings settings,
            List<AutoCloseable> runners, List<AutoCloseable> clients) {
        this.outbox = outbox;
        this.eventLog = eventLog;
        this.tokenKeys = tokenKeys;
        this.settings = settings;
        this.runners = runners;
        this.clients = clients;
    }

    /**
     * Sets the loop up and starts feeding the stream's functions.
     *
     * @param services where moto serves SES v2, Secrets Manager, EventBridge, SQS and DynamoDB Streams: the emulator's
     *     endpoint, whose proxy keeps stream readers off what a failed transaction wrote
     * @param acceptUrl the accept link's template, with {@code {token}}
     * @param basePath the path the API is served under, which the events' links start with
     * @param out where the stream's and the queue's functions' log lines (and any batch given up) go
     * @throws IllegalStateException when the template subscribes a handler the local API cannot build, or uses a
     *     mapping setting or filter syntax it does not implement
     */
    static MailLoop start(SamTemplate template, DynamoDbClient dynamo, String tableName, Store store,
            URI services, String mailFrom, String acceptUrl, String basePath, PrintStream out) {
        Outbox outbox = new Outbox(acceptUrl);
        SecretsManagerClient secrets = MailServices.secrets(services);
        EventBridgeClient events = EventServices.events(services);
        SqsClient sqs = MailServices.sqs(services);
        String configurationSet = sendingConfigurationSet(template);
        SesV2Client ses = MailServices.ses(services, outbox, new MailboxSimulator(events,
                MailboxSimulator.publishedKinds(template, configurationSet), Clock.systemUTC(), out));
        DynamoDbStreamsClient streams = StreamEvents.client(services);
        EventLog eventLog = new EventLog();
        EventBridgeClient publisherEvents = EventServices.events(services, eventLog);
        List<AutoCloseable> clients = List.of(streams, ses, secrets, events, sqs, publisherEvents);
        List<AutoCloseable> runners = new ArrayList<>();
        try {
            String tokenSecretId = MailServices.createTokenSecret(secrets);
            MailServices.verifyIdentity(ses, mailFrom);
            // The configuration set keeps its logical id as its name here, which is what the rules' patterns name.
            MailServices.createConfigurationSet(ses, configurationSet);
            DeliverySettings settings = new DeliverySettings(mailFrom, acceptUrl, configurationSet);
            TokenKeys keys = new SecretsManagerTokenKeys(secrets, tokenSecretId, Clock.systemUTC());
            EventSettings eventSettings = new EventSettings(EventServices.createBus(publisherEvents, EVENT_BUS),
                    basePath);
            Map<String, Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>>> handlers = Map.of(
                    DeliverInvitesHandler.class.getName(), () -> new DeliverInvitesHandler(store.invitations(),
                            store.directory(), new StreamImages(), ses, new AcceptTokens(keys), settings, Clock.systemUTC(), out),
                    PublishEventsHandler.class.getName(), () -> new PublishEventsHandler(publisherEvents, eventSettings,
                            out, Thread::sleep));
            for (SamTemplate.StreamSubscription subscription : template.streamSubscriptions()) {
                Supplier<RequestHandler<DynamodbEvent, StreamsEventResponse>> handler =
                        handlers.get(subscription.handlerClass());
                if (handler == null) {
                    throw new IllegalStateException("template.yaml subscribes " + subscription.handlerClass()
                            + " (" + subscription.functionId() + ") to the table's stream, which the local API "
                            + "cannot build; add it to MailLoop");
                }
                runners.add(new StreamRunner(StreamRunner.Mapping.of(subscription), streams,
                        StreamEvents.streamArn(dynamo, tableName), handler.get(), out).start());
            }
            Map<String, Supplier<RequestHandler<SQSEvent, SQSBatchResponse>>> queueHandlers = Map.of(
                    RecordFeedbackHandler.class.getName(),
                    () -> new RecordFeedbackHandler(store.invitations(), Clock.systemUTC(), out));
            for (SamTemplate.QueueSubscription subscription : template.queueSubscriptions()) {
                Supplier<RequestHandler<SQSEvent, SQSBatchResponse>> handler =
                        queueHandlers.get(subscription.handlerClass());
                if (handler == null) {
                    throw new IllegalStateException("template.yaml feeds " + subscription.handlerClass()
                            + " (" + subscription.functionId() + ") from a queue, which the local API cannot build; "
                            + "add it to MailLoop");
                }
                QueueSource queue = QueueSource.make(template, subscription.queueId(), sqs, events,
                        Map.of(configurationSet, configurationSet));
                runners.add(new QueueRunner(subscription, sqs, queue.url(), queue.arn(), handler.get(), out).start());
            }
            return new MailLoop(outbox, eventLog, keys, settings, runners, clients);
        } catch (RuntimeException e) {
            closeAll(runners);
            closeAll(clients);
            throw e;
        }
    }

    /**
     * The configuration set the template's mailer sends with: the logical id its {@code SES_CONFIGURATION_SET}
     * names.
     */
    private static String sendingConfigurationSet(SamTemplate template) {
        for (SamTemplate.StreamSubscription subscription : template.streamSubscriptions()) {
            JsonNode set = template.properties(subscription.functionId())
                    .at("/Environment/Variables/SES_CONFIGURATION_SET/Ref");
            if (!set.isMissingNode()) {
                return set.asText();
            }
        }
        throw new IllegalStateException("template.yaml's mailer names no SES_CONFIGURATION_SET");
    }

    Outbox outbox() {
        return outbox;
    }

    /** What the publisher put on the bus. */
    EventLog eventLog() {
        return eventLog;
    }

    /** The accept-token keys, as the functions that issue and verify tokens read them. */
    TokenKeys tokenKeys() {
        return tokenKeys;
    }

    DeliverySettings settings() {
        return settings;
    }

    /** How many functions the stream and the queues feed. */
    int subscribers() {
        return runners.size();
    }

    @Override
    public void close() {
        closeAll(runners);
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
