package dev.orginvites.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.orginvites.deliver.DeliverInvitesHandler;
import dev.orginvites.deliver.DeliverySettings;
import dev.orginvites.devkit.DynamoCalls;
import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.EmulatorClients;
import dev.orginvites.devkit.MailServices;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.devkit.StreamEvents;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.store.dynamodb.StreamImages;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * What the mailer ({@code deliver-invites}) costs per invitation, on moto: invitations created through the store on
 * a table with the template's stream, their records read from the stream, the template's filter applied, handed to
 * the handler in batches of 10 as Lambda's event source mapping hands them (deserialized by the runtime's own
 * serializer), with the functions' DynamoDB client and SES v2 and Secrets Manager clients on moto, each call counted
 * by operation ({@link DynamoCalls} on every client).
 *
 * <p>Reported: the first batch of a new handler (which reads the token key), then, after a warm-up, calls and
 * milliseconds per invitation over the measured batches (median and p90 of batch time divided by batch size), and
 * the same for the batches replayed (every invitation already delivered: what a retried batch costs), and for the
 * SDK floor: the same calls made directly on the same clients, with none of the mailer's code (three per record, and
 * the org's name once a batch, as the mailer reads it), and the floor again reading the org's name once a record,
 * the other way the mailer could read it.
 * moto answers every call on this machine, so the milliseconds are the code's and the emulator's, not SES's; the
 * calls per invitation hold anywhere.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.orginvites.bench.MailerCost [--invites N] [--warm-up N]
 * </pre>
 */
public final class MailerCost {
    private static final String ROLE = "f1968726-1dca-42d4-a4dc-80cab99e2b6c";
    private static final int BATCH = 10;
    private static final PojoSerializer<DynamodbEvent> RUNTIME_SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, MailerCost.class.getClassLoader());

    private MailerCost() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Scale.options(args);
        int invites = Integer.parseInt(options.getOrDefault("invites", "500"));
        int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "200"));

        try (DynamoEmulator emulator = DynamoEmulator.start()) {
            // moto itself, without the test proxy: its extra hop would be timed too.
            URI moto = emulator.moto();
            TableSettings settings = BenchTable.create("mailer", moto, true);
            DynamoCalls calls = new DynamoCalls();
            DynamoTable store = new DynamoTable(DynamoClients.create(settings, calls),
                    settings.tableName(), settings.inviteTtl());
            SesV2Client ses = MailServices.ses(moto, calls);
            MailServices.verifyIdentity(ses, "example.com");
            SecretsManagerClient secrets = MailServices.secrets(moto);
            String secret = MailServices.createTokenSecret(secrets);
            SecretsManagerClient countedSecrets = SecretsManagerClient.builder()
                    .region(software.amazon.awssdk.regions.Region.of(DynamoEmulator.REGION)).endpointOverride(moto)
                    .overrideConfiguration(c -> c.addExecutionInterceptor(calls)).build();
            DeliverInvitesHandler handler = new DeliverInvitesHandler(store.invitations(), store.directory(),
                    new StreamImages(), ses,
                    new AcceptTokens(new SecretsManagerTokenKeys(countedSecrets, secret, Clock.systemUTC())),
                    new DeliverySettings("invites@example.com", "https://app.example.com/accept?token={token}"),
                    Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));

            // Set up through the proxy, with the tests' patient client: a create retried after a slow answer is
            // then not a second create (the proxy honours ClientRequestToken; moto does not).
            DynamoTable setup = new DynamoTable(EmulatorClients.create(emulator.endpoint()),
                    settings.tableName(), settings.inviteTtl());
            String org = UUID.randomUUID().toString();
            setup.directory().putRole(org, ROLE, "Developer");
            setup.directory().nameOrg(org, "Bench Org");
            for (int i = 0; i < warmUp + invites; i++) {
                setup.invitations().create(org, "invitee-" + i + "@example.com", ROLE, "bench",
                        new UserNames("Bench Inviter", null), Instant.now());
            }
            String streamArn = StreamEvents.streamArn(DynamoClients.create(settings), settings.tableName());
            List<Record> records = StreamEvents.read(StreamEvents.client(moto), streamArn).stream()
                    .filter(r -> r.eventName() == OperationType.INSERT
                            && r.dynamodb().keys().get("sk").s().startsWith("INVITE#"))
                    .toList();
            List<DynamodbEvent> batches = new ArrayList<>();
            for (int from = 0; from < records.size(); from += BATCH) {
                batches.add(RUNTIME_SERIALIZER.fromJson(StreamEvents.lambdaEvent(
                        records.subList(from, Math.min(records.size(), from + BATCH)), streamArn)));
            }
            int warmBatches = warmUp / BATCH;

            System.out.printf(Locale.ROOT, "mailer on moto, %d invitations measured after %d warm-up, batches of %d%n",
                    invites, warmUp, BATCH);
            calls.reset();
            long first = System.nanoTime();
            send(handler, batches.get(0));
            report("first batch of a new handler", calls, BATCH, new double[] {(System.nanoTime() - first) / 1e6});
            for (int i = 1; i < warmBatches; i++) {
                send(handler, batches.get(i));
            }
            List<DynamodbEvent> measured = batches.subList(warmBatches, batches.size());
            report("new invitations", calls, invites, run(handler, measured, calls));
            report("replayed batches (all delivered)", calls, invites, run(handler, measured, calls));
            DynamoDbClient dynamoDb = DynamoClients.create(settings, calls);
            report("SDK floor (the same calls, bare)", calls, invites,
                    floor(dynamoDb, ses, settings, measured, calls, false));
            report("SDK floor, org's name every record", calls, invites,
                    floor(dynamoDb, ses, settings, measured, calls, true));
            Path jar = SamTemplate.locate().path().getParent().resolve("functions/deliver-invites/target/"
                    + "deliver-invites.jar");
            if (Files.isRegularFile(jar)) {
                System.out.printf(Locale.ROOT, "deliver-invites.jar: %.2f MB (%.2f MiB)%n", Files.size(jar) / 1e6,
                        Files.size(jar) / 1048576.0);
            }
        }
    }

    private static double[] run(DeliverInvitesHandler handler, List<DynamodbEvent> batches, DynamoCalls calls) {
        calls.reset();
        double[] millis = new double[batches.size()];
        for (int i = 0; i < batches.size(); i++) {
            long start = System.nanoTime();
            send(handler, batches.get(i));
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    /**
     * The mailer's calls with none of its code, on the same clients: for each record a consistent GetItem of the
     * invitation, a SendEmail of a fixed two-part message, a conditional UpdateItem of the item; and a consistent
     * GetItem of the org's name, once a batch (as the mailer reads it: the batch is one org's) or, with
     * {@code orgNameEachRecord}, once a record.
     */
    private static double[] floor(DynamoDbClient dynamoDb, SesV2Client ses, TableSettings settings,
            List<DynamodbEvent> batches, DynamoCalls calls, boolean orgNameEachRecord) {
        calls.reset();
        double[] millis = new double[batches.size()];
        for (int i = 0; i < batches.size(); i++) {
            long start = System.nanoTime();
            String org = null;
            for (DynamodbEvent.DynamodbStreamRecord record : batches.get(i).getRecords()) {
                String pk = record.getDynamodb().getKeys().get("pk").getS();
                Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(pk),
                        "sk", AttributeValue.fromS(record.getDynamodb().getKeys().get("sk").getS()));
                String to = dynamoDb.getItem(r -> r.tableName(settings.tableName()).key(key).consistentRead(true))
                        .item().get("email").s();
                if (org == null || orgNameEachRecord) {
                    org = dynamoDb.getItem(r -> r.tableName(settings.tableName()).consistentRead(true)
                            .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("ORG"))))
                            .item().get("name").s();
                }
                String subject = "You are invited to join " + org;
                String messageId = ses.sendEmail(r -> r.fromEmailAddress("invites@example.com")
                        .destination(d -> d.toAddresses(to))
                        .content(c -> c.simple(m -> m.subject(t -> t.data(subject))
                                .body(b -> b.text(t -> t.data("Accept: https://app.example.com/accept"))
                                        .html(h -> h.data("<p><a href=\"https://app.example.com/accept\">"
                                                + "Accept</a></p>")))))).messageId();
                dynamoDb.updateItem(r -> r.tableName(settings.tableName()).key(key)
                        .updateExpression("SET floor_message = :m")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":m", AttributeValue.fromS(messageId))));
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static void send(DeliverInvitesHandler handler, DynamodbEvent batch) {
        StreamsEventResponse response = handler.handleRequest(batch, null);
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("failed records: " + response.getBatchItemFailures());
        }
    }

    private static void report(String what, DynamoCalls calls, int invitations, double[] batchMillis) {
        Map<String, String> perInvitation = new TreeMap<>();
        calls.byOperation().forEach((operation, count) -> perInvitation.put(operation,
                String.format(Locale.ROOT, "%.2f", count / (double) invitations)));
        double[] perInvite = Arrays.stream(batchMillis).map(ms -> ms / BATCH).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-34s calls/invitation %s; ms/invitation median %.2f, p90 %.2f%n", what,
                perInvitation, perInvite[perInvite.length / 2],
                perInvite[(int) Math.ceil(perInvite.length * 0.9) - 1]);
    }
}
