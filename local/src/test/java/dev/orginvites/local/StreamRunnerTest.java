package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.devkit.StreamEvents;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.ResendTooSoonException;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The table's stream fed to a handler as Lambda's event source mapping feeds it: the filter, the batch size, the
 * event as the runtime deserializes it, partial batch failures retried from the lowest failed record, a handler that
 * throws retried whole, and a batch given up after its retries reported as Lambda reports it to an on-failure
 * destination. On moto's streams, through the DynamoDB Streams API.
 */
@EmulatorTest
class StreamRunnerTest {
    /** The template's filter: inserts of invitations, expressed on the dynamodb key alone. */
    private static final String NEW_INVITES = SamTemplate.locate().streamSubscriptions().get(0).properties()
            .at("/FilterCriteria/Filters/0/Pattern").asText();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Fixture fixture = Fixture.withStream();
    /** Through the emulator's proxy, as the local API reads the stream. */
    private final DynamoDbStreamsClient streams = StreamEvents.client(Fixture.endpoint());
    private final String streamArn = Fixture.client().describeTable(r -> r.tableName(fixture.table)).table()
            .latestStreamArn();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<List<DynamodbEvent.DynamodbStreamRecord>> batches = new CopyOnWriteArrayList<>();
    /** The time each invocation had left when it started, as its context said. */
    private final List<Integer> remaining = new CopyOnWriteArrayList<>();
    private StreamRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
        streams.close();
    }

    private void start(int batchSize, int maximumRetryAttempts,
            Function<List<DynamodbEvent.DynamodbStreamRecord>, StreamsEventResponse> answer) {
        start(batchSize, false, maximumRetryAttempts, answer);
    }

    private void start(int batchSize, boolean bisect, int maximumRetryAttempts,
            Function<List<DynamodbEvent.DynamodbStreamRecord>, StreamsEventResponse> answer) {
        start(ShardIteratorType.TRIM_HORIZON, batchSize, bisect, maximumRetryAttempts, answer);
    }

    private void start(ShardIteratorType startingPosition, int batchSize, boolean bisect, int maximumRetryAttempts,
            Function<List<DynamodbEvent.DynamodbStreamRecord>, StreamsEventResponse> answer) {
        StreamRunner.Mapping mapping = new StreamRunner.Mapping("DeliverInvitesFunction", Duration.ofSeconds(60),
                batchSize, startingPosition, List.of(FilterPattern.parse(NEW_INVITES)), true, bisect,
                maximumRetryAttempts);
        RequestHandler<DynamodbEvent, StreamsEventResponse> handler = (event, context) -> {
            remaining.add(context.getAwsRequestId() == null ? -1 : context.getRemainingTimeInMillis());
            batches.add(List.copyOf(event.getRecords()));
            return answer.apply(event.getRecords());
        };
        runner = new StreamRunner(mapping, streams, streamArn, handler,
                new PrintStream(output, true, StandardCharsets.UTF_8)).start();
    }

    private void put(String sk) {
        Fixture.client().putItem(r -> r.tableName(fixture.table).item(Map.of(
                "pk", AttributeValue.fromS("ORG#" + fixture.org), "sk", AttributeValue.fromS(sk),
                "email", AttributeValue.fromS("ada@example.com"))));
    }

    private static String sk(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getDynamodb().getKeys().get("sk").getS();
    }

    private List<List<String>> delivered() {
        List<List<String>> sks = new ArrayList<>();
        for (List<DynamodbEvent.DynamodbStreamRecord> batch : batches) {
            sks.add(batch.stream().map(StreamRunnerTest::sk).toList());
        }
        return sks;
    }

    private static void await(BooleanSupplier condition, Object what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void deliversOnlyWhatTheFilterPassesInOrderInBatchesAsTheRuntimeReadsThem() throws Exception {
        put("INVITE#1");
        put("ROLE#1");
        put("INVITE#2");
        put("INVITE#1"); // a MODIFY
        put("INVITE#3");
        Fixture.client().deleteItem(r -> r.tableName(fixture.table).key(Map.of(
                "pk", AttributeValue.fromS("ORG#" + fixture.org), "sk", AttributeValue.fromS("INVITE#2"))));
        start(2, -1, records -> new StreamsEventResponse(List.of()));

        await(() -> delivered().stream().mapToInt(List::size).sum() >= 3, batches);
        Thread.sleep(StreamRunner.IDLE_POLL.toMillis() * 4);

        assertEquals(List.of(List.of("INVITE#1", "INVITE#2"), List.of("INVITE#3")), delivered());
        DynamodbEvent.DynamodbStreamRecord first = batches.get(0).get(0);
        assertEquals("INSERT", first.getEventName());
        assertEquals("aws:dynamodb", first.getEventSource());
        assertEquals(streamArn, first.getEventSourceARN());
        assertEquals("ada@example.com", first.getDynamodb().getNewImage().get("email").getS());
        assertEquals("ORG#" + fixture.org, first.getDynamodb().getKeys().get("pk").getS());
        assertNotNull(first.getDynamodb().getSequenceNumber());
        assertNotNull(first.getDynamodb().getApproximateCreationDateTime());
        assertEquals("NEW_AND_OLD_IMAGES", first.getDynamodb().getStreamViewType());
        assertTrue(remaining.stream().allMatch(millis -> millis > 50_000), "the function's 60 s timeout: " + remaining);
    }

    @Test
    void aPartialFailureIsRetriedFromTheLowestFailedRecord() throws Exception {
        put("INVITE#1");
        put("INVITE#2");
        put("INVITE#3");
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        start(3, -1, records -> {
            List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
            for (DynamodbEvent.DynamodbStreamRecord record : records) {
                if (sk(record).equals("INVITE#2") && failedOnce.add(sk(record))) {
                    failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
                }
            }
            return new StreamsEventResponse(failures);
        });

        await(() -> batches.size() >= 2, batches);

        assertEquals(List.of("INVITE#1", "INVITE#2", "INVITE#3"), delivered().get(0));
        assertEquals(List.of("INVITE#2", "INVITE#3"), delivered().get(1), "from the failed record on");
    }

    @Test
    void aHandlerThatThrowsHasItsWholeBatchRetried() throws Exception {
        put("INVITE#1");
        put("INVITE#2");
        Set<String> thrown = ConcurrentHashMap.newKeySet();
        start(10, -1, records -> {
            if (thrown.add("once")) {
                throw new IllegalStateException("the function failed");
            }
            return new StreamsEventResponse(List.of());
        });

        await(() -> batches.size() >= 2, batches);

        assertEquals(delivered().get(0), delivered().get(1));
        assertTrue(output.toString(StandardCharsets.UTF_8).contains("\"error\":\"java.lang.IllegalStateException\""));
    }

    @Test
    void withBisectAFailingBatchIsHalvedUntilItsRecordsGoThrough() throws Exception {
        put("INVITE#1");
        put("INVITE#2");
        put("INVITE#3");
        put("INVITE#4");
        start(4, true, -1, records -> {
            if (records.stream().anyMatch(record -> sk(record).equals("INVITE#4")) && records.size() > 1) {
                throw new IllegalStateException("a record this batch cannot take");
            }
            return new StreamsEventResponse(List.of());
        });

        await(() -> delivered().contains(List.of("INVITE#4")), batches);

        assertEquals(List.of(List.of("INVITE#1", "INVITE#2", "INVITE#3", "INVITE#4"), List.of("INVITE#1", "INVITE#2"),
                List.of("INVITE#3", "INVITE#4"), List.of("INVITE#3"), List.of("INVITE#4")), delivered());
    }

    @Test
    void aBatchThatFailsEveryRetryIsReportedAsToAnOnFailureDestinationAndTheStreamGoesOn() throws Exception {
        put("INVITE#1");
        put("INVITE#2");
        start(1, 2, records -> new StreamsEventResponse(sk(records.get(0)).equals("INVITE#1")
                ? List.of(new StreamsEventResponse.BatchItemFailure(records.get(0).getDynamodb().getSequenceNumber()))
                : List.of()));

        await(() -> delivered().contains(List.of("INVITE#2")), batches);

        assertEquals(List.of(List.of("INVITE#1"), List.of("INVITE#1"), List.of("INVITE#1"), List.of("INVITE#2")),
                delivered(), "the first try and two retries, then the next record");
        String failure = output.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("DDBStreamBatchInfo")).findFirst().orElseThrow();
        JsonNode info = new ObjectMapper().readTree(failure).path("DDBStreamBatchInfo");
        assertEquals(1, info.path("batchSize").asInt());
        assertEquals(batches.get(0).get(0).getDynamodb().getSequenceNumber(), info.path("startSequenceNumber").asText());
        assertEquals(streamArn, info.path("streamArn").asText());
        assertTrue(!failure.contains("ada@example.com"), "what a record held is never logged");
    }

    private List<String> deliveredInOrder() {
        return delivered().stream().flatMap(List::stream).toList();
    }

    /**
     * A transaction that fails (here a condition between two puts, which moto applies and then rolls back) while the
     * runner reads the stream: neither of its writes reaches the function, and what is written after it does.
     */
    @Test
    void aFailedTransactionsWritesNeverReachTheFunctionAndTheWritesAfterItDo() throws Exception {
        start(10, -1, records -> new StreamsEventResponse(List.of()));
        put("INVITE#1");
        await(() -> deliveredInOrder().contains("INVITE#1"), batches);

        assertThrows(TransactionCanceledException.class, () -> Fixture.client().transactWriteItems(r -> r
                .transactItems(
                        t -> t.put(p -> p.tableName(fixture.table).item(item("INVITE#rolled-back-1"))),
                        t -> t.conditionCheck(c -> c.tableName(fixture.table).key(key("INVITE#1"))
                                .conditionExpression("attribute_not_exists(pk)")),
                        t -> t.put(p -> p.tableName(fixture.table).item(item("INVITE#rolled-back-2"))))));
        put("INVITE#2");
        put("INVITE#3");

        await(() -> deliveredInOrder().contains("INVITE#3"), batches);
        Thread.sleep(StreamRunner.IDLE_POLL.toMillis() * 4);
        assertEquals(List.of("INVITE#1", "INVITE#2", "INVITE#3"), deliveredInOrder(),
                "each committed write once, in order, and nothing the transaction wrote");
    }

    /**
     * Records the runner has read but not yet handed over when a transaction fails are still delivered, once, and
     * the stream goes on after them.
     */
    @Test
    void recordsReadBeforeAFailedTransactionAreDeliveredOnceAndTheStreamGoesOnAfterThem() throws Exception {
        put("INVITE#1");
        put("INVITE#2");
        CountDownLatch firstBatch = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(1, -1, records -> {
            firstBatch.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new StreamsEventResponse(List.of());
        });
        assertTrue(firstBatch.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the first batch");

        failATransaction("INVITE#1");
        put("INVITE#3");
        release.countDown();

        await(() -> deliveredInOrder().contains("INVITE#3"), batches);
        Thread.sleep(StreamRunner.IDLE_POLL.toMillis() * 4);
        assertEquals(List.of("INVITE#1", "INVITE#2", "INVITE#3"), deliveredInOrder());
    }

    /** From LATEST: what was written before the start is not delivered, what comes after a failed transaction is. */
    @Test
    void fromLatestAFailedTransactionLosesNothingWrittenAfterTheStart() throws Exception {
        put("INVITE#before");
        start(ShardIteratorType.LATEST, 10, false, -1, records -> new StreamsEventResponse(List.of()));
        put("INVITE#1");
        failATransaction("INVITE#1");
        put("INVITE#2");

        await(() -> deliveredInOrder().contains("INVITE#2"), batches);
        Thread.sleep(StreamRunner.IDLE_POLL.toMillis() * 4);
        assertEquals(List.of("INVITE#1", "INVITE#2"), deliveredInOrder());
    }

    /** A transaction that puts an invitation and then fails on a condition on {@code existing}: moto rolls it back. */
    private void failATransaction(String existing) {
        assertThrows(TransactionCanceledException.class, () -> Fixture.client().transactWriteItems(r -> r
                .transactItems(
                        t -> t.put(p -> p.tableName(fixture.table).item(item("INVITE#rolled-back"))),
                        t -> t.conditionCheck(c -> c.tableName(fixture.table).key(key(existing))
                                .conditionExpression("attribute_not_exists(pk)")))));
    }

    /** The store's own refusals and lost races are failed transactions too: a create of a pending address, resends. */
    @Test
    void aRefusedCreateAndLostResendRacesDeliverOnlyWhatWasCommitted() throws Exception {
        start(10, -1, records -> new StreamsEventResponse(List.of()));
        Instant now = Instant.now();
        Invite first = fixture.invitations.create(fixture.org, "ada@example.com", fixture.developer, "admin", now);
        assertThrows(InviteAlreadyPendingException.class,
                () -> fixture.invitations.create(fixture.org, "ada@example.com", fixture.developer, "admin", now));
        Invite second = fixture.invitations.create(fixture.org, "grace@example.com", fixture.developer, "admin", now);
        await(() -> deliveredInOrder().contains("INVITE#" + second.id()), batches);

        ExecutorService racers = Executors.newFixedThreadPool(4);
        List<Future<Optional<IssuedInvite>>> resends = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                resends.add(racers.submit(() -> {
                    try {
                        return fixture.invitations.resend(fixture.org, first.id(), "admin", Duration.ZERO, now);
                    } catch (ResendTooSoonException lost) {
                        return Optional.<IssuedInvite>empty();
                    }
                }));
            }
            List<String> winners = new ArrayList<>();
            for (Future<Optional<IssuedInvite>> resend : resends) {
                resend.get().ifPresent(won -> winners.add(won.invite().id()));
            }
            assertEquals(1, winners.size(), "one resend wins: " + winners);
            Invite third = fixture.invitations.create(fixture.org, "hopper@example.com", fixture.developer, "admin", now);

            await(() -> deliveredInOrder().contains("INVITE#" + third.id()), batches);
            Thread.sleep(StreamRunner.IDLE_POLL.toMillis() * 4);
            assertEquals(List.of("INVITE#" + first.id(), "INVITE#" + second.id(), "INVITE#" + winners.get(0),
                    "INVITE#" + third.id()), deliveredInOrder());
        } finally {
            racers.shutdownNow();
        }
    }

    private Map<String, AttributeValue> key(String sk) {
        return Map.of("pk", AttributeValue.fromS("ORG#" + fixture.org), "sk", AttributeValue.fromS(sk));
    }

    private Map<String, AttributeValue> item(String sk) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(sk));
        item.put("email", AttributeValue.fromS("ada@example.com"));
        return item;
    }

    @Test
    void theTemplatesMappingIsReadWithItsFilterAndSettings() {
        List<SamTemplate.StreamSubscription> subscriptions = SamTemplate.locate().streamSubscriptions();
        assertEquals(List.of("DeliverInvitesFunction", "PublishEventsFunction"), subscriptions.stream().map(
                SamTemplate.StreamSubscription::functionId).toList(), "the mailer and the publisher read the stream");
        for (SamTemplate.StreamSubscription subscription : subscriptions) {
            StreamRunner.Mapping mapping = StreamRunner.Mapping.of(subscription);
            assertTrue(mapping.batchSize() >= 1, subscription.functionId());
            assertTrue(mapping.reportBatchItemFailures(), subscription.functionId() + " reports batch item failures");
            assertTrue(subscription.timeout().toSeconds() >= 1);
        }
    }
}
