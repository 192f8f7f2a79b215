package dev.orginvites.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.orginvites.devkit.DynamoCalls;
import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.EmulatorClients;
import dev.orginvites.devkit.EventServices;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.devkit.StreamEvents;
import dev.orginvites.events.EventSettings;
import dev.orginvites.events.PublishEventsHandler;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * What the event publisher ({@code publish-events}) costs per event, on moto: invitations created and accepted
 * through the store on a table with the template's stream (each gives three events: the invitation created and
 * accepted, the membership created), the records read from the stream, the template's filter applied (its key
 * prefixes), handed to the handler in batches of the mapping's size as Lambda hands them (deserialized by the
 * runtime's own serializer), with an EventBridge client on moto whose calls are counted.
 *
 * <p>Reported: calls and milliseconds per event over the measured batches (median and p90 of batch time divided by
 * the batch's events), and for the SDK floor, the same entries put directly, 10 a call, with none of the publisher's
 * code. moto answers every call on this machine, so the milliseconds are the code's and the emulator's; the calls per
 * event hold anywhere.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.orginvites.bench.EventsCost [--invites N] [--batch N]
 * </pre>
 */
public final class EventsCost {
    private static final String ROLE = "f1968726-1dca-42d4-a4dc-80cab99e2b6c";
    private static final List<String> FILTERED = List.of("INVITE#", "CANCELLED#", "ACCEPTED#", "MEMBER#", "REMOVED#");
    private static final PojoSerializer<DynamodbEvent> RUNTIME_SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, EventsCost.class.getClassLoader());

    private EventsCost() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Scale.options(args);
        int invites = Integer.parseInt(options.getOrDefault("invites", "300"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch", "100"));

        try (DynamoEmulator emulator = DynamoEmulator.start()) {
            URI moto = emulator.moto();
            TableSettings settings = BenchTable.create("events", moto, true);
            DynamoCalls calls = new DynamoCalls();
            EventBridgeClient events = EventServices.events(moto, calls);
            String bus = EventServices.createBus(events, "events-cost-" + UUID.randomUUID());
            PublishEventsHandler handler = new PublishEventsHandler(events, new EventSettings(bus, ""),
                    new PrintStream(OutputStream.nullOutputStream()), Thread::sleep);

            DynamoTable setup = new DynamoTable(EmulatorClients.create(emulator.endpoint()),
                    settings.tableName(), settings.inviteTtl());
            String org = UUID.randomUUID().toString();
            setup.directory().putRole(org, ROLE, "Developer");
            for (int i = 0; i < invites; i++) {
                Invite invite = setup.invitations().create(org, "invitee-" + i + "@example.com", ROLE, "bench",
                        UserNames.NONE, Instant.now());
                String nonce = setup.invitations().issued(org, invite.id(), Instant.now()).orElseThrow().tokenNonce();
                setup.memberships().accept(org, invite.id(), nonce, "user-" + i, new UserNames("Bench User", null),
                        Instant.now()).orElseThrow();
            }
            String streamArn = StreamEvents.streamArn(DynamoClients.create(settings), settings.tableName());
            List<Record> all = StreamEvents.read(StreamEvents.client(moto), streamArn);
            List<Record> records = all.stream().filter(r -> FILTERED.stream()
                    .anyMatch(prefix -> r.dynamodb().keys().get("sk").s().startsWith(prefix))).toList();
            List<DynamodbEvent> batches = new ArrayList<>();
            for (int from = 0; from < records.size(); from += batchSize) {
                batches.add(RUNTIME_SERIALIZER.fromJson(StreamEvents.lambdaEvent(
                        records.subList(from, Math.min(records.size(), from + batchSize)), streamArn)));
            }

            System.out.printf(Locale.ROOT, "publisher on moto: %d invitations created and accepted, %d stream records, "
                    + "%d through the filter, batches of %d%n", invites, all.size(), records.size(), batchSize);
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            EventBridgeClient recording = EventServices.events(moto, new software.amazon.awssdk.core.interceptor
                    .ExecutionInterceptor() {
                @Override
                public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                        software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                    if (context.request() instanceof PutEventsRequest request) {
                        entries.addAll(request.entries());
                    }
                }
            });
            // Warm-up, and the entries the floor puts: the same batches once through a handler that records them.
            PublishEventsHandler warm = new PublishEventsHandler(recording, new EventSettings(bus, ""),
                    new PrintStream(OutputStream.nullOutputStream()), Thread::sleep);
            batches.forEach(batch -> publish(warm, batch));
            int eventCount = entries.size();

            calls.reset();
            double[] millis = new double[batches.size()];
            double[] perEvent = new double[batches.size()];
            for (int i = 0; i < batches.size(); i++) {
                long start = System.nanoTime();
                publish(handler, batches.get(i));
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            int[] eventsPerBatch = eventsPerBatch(batches, eventCount, records.size());
            for (int i = 0; i < batches.size(); i++) {
                perEvent[i] = millis[i] / Math.max(1, eventsPerBatch[i]);
            }
            report("events (" + eventCount + ")", calls, eventCount, perEvent);

            calls.reset();
            double[] floor = new double[(eventCount + 9) / 10];
            for (int from = 0, call = 0; from < eventCount; from += 10, call++) {
                List<PutEventsRequestEntry> ten = entries.subList(from, Math.min(eventCount, from + 10));
                long start = System.nanoTime();
                events.putEvents(r -> r.entries(ten));
                floor[call] = (System.nanoTime() - start) / 1e6 / ten.size();
            }
            report("SDK floor (the same entries, bare)", calls, eventCount, floor);
            Path jar = SamTemplate.locate().path().getParent().resolve("functions/publish-events/target/"
                    + "publish-events.jar");
            if (Files.isRegularFile(jar)) {
                System.out.printf(Locale.ROOT, "publish-events.jar: %.2f MB (%.2f MiB)%n", Files.size(jar) / 1e6,
                        Files.size(jar) / 1048576.0);
            }
        }
    }

    /** Each batch's share of the events: a batch's records in proportion (every batch is alike here). */
    private static int[] eventsPerBatch(List<DynamodbEvent> batches, int events, int records) {
        int[] shares = new int[batches.size()];
        for (int i = 0; i < batches.size(); i++) {
            shares[i] = (int) Math.round(batches.get(i).getRecords().size() * (events / (double) records));
        }
        return shares;
    }

    private static void publish(PublishEventsHandler handler, DynamodbEvent batch) {
        StreamsEventResponse response = handler.handleRequest(batch, null);
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("failed records: " + response.getBatchItemFailures());
        }
    }

    private static void report(String what, DynamoCalls calls, int events, double[] perEventMillis) {
        Map<String, String> perEvent = new java.util.TreeMap<>();
        calls.byOperation().forEach((operation, count) -> perEvent.put(operation,
                String.format(Locale.ROOT, "%.2f", count / (double) events)));
        double[] sorted = Arrays.stream(perEventMillis).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-36s calls/event %s; ms/event median %.3f, p90 %.3f%n", what, perEvent,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.9) - 1]);
    }
}
