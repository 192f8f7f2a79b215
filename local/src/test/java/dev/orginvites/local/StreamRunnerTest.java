package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.testing.EmulatorTest;
import dev.orginvites.shared.testing.Fixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The table's stream fed to a handler as Lambda's event source mapping feeds it: the filter, the batch size, the
 * event as the runtime deserializes it, partial batch failures retried from the lowest failed record, a handler that
 * throws retried whole, and a batch given up after its retries reported as Lambda reports it to an on-failure
 * destination. On moto's streams, through the DynamoDB Streams API.
 */
@EmulatorTest
class StreamRunnerTest {
    private static final String NEW_INVITES =
            "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"INVITE#\"}]}}}}";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Fixture fixture = Fixture.withStream();
    private final DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
            .endpointOverride(DynamoEmulator.shared().moto()).region(Region.of(DynamoEmulator.REGION)).build();
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
        StreamRunner.Mapping mapping = new StreamRunner.Mapping("DeliverInvitesFunction", Duration.ofSeconds(60),
                batchSize, ShardIteratorType.TRIM_HORIZON, List.of(FilterPattern.parse(NEW_INVITES)), true, bisect,
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

    @Test
    void theTemplatesMappingIsReadWithItsFilterAndSettings() {
        List<SamTemplate.StreamSubscription> subscriptions = SamTemplate.locate().streamSubscriptions();
        assertEquals(List.of("DeliverInvitesFunction"), subscriptions.stream().map(
                SamTemplate.StreamSubscription::functionId).toList(), "the mailer reads the table's stream");
        for (SamTemplate.StreamSubscription subscription : subscriptions) {
            StreamRunner.Mapping mapping = StreamRunner.Mapping.of(subscription);
            assertTrue(mapping.batchSize() >= 1, subscription.functionId());
            assertTrue(mapping.reportBatchItemFailures(), subscription.functionId() + " reports batch item failures");
            assertTrue(subscription.timeout().toSeconds() >= 1);
        }
    }
}
