package dev.orginvites.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The proxy in front of moto: DynamoDB's client request tokens, and one request at a time. */
@Tag("emulator") // what shared's @EmulatorTest tags: the full tier only
class SerializingProxyTest {
    private static DynamoEmulator emulator;

    private final String table = "tokens-" + UUID.randomUUID();
    private final Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("counter"));
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    @BeforeAll
    static void start() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        emulator = DynamoEmulator.start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-30T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Adds {@code by} to the counter, if the counter item has {@code gate} (when not null). */
    private TransactWriteItemsRequest increment(String token, int by, String gate) {
        return TransactWriteItemsRequest.builder().clientRequestToken(token).transactItems(t -> t.update(u -> u
                .tableName(table).key(key).updateExpression("ADD n :by")
                .conditionExpression(gate == null ? null : "attribute_exists(" + gate + ")")
                .expressionAttributeValues(Map.of(":by", AttributeValue.fromN(Integer.toString(by)))))).build();
    }

    private int counter(DynamoDbClient client) {
        AttributeValue n = client.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item().get("n");
        return n == null ? 0 : Integer.parseInt(n.n());
    }

    @Test
    void aTokenRepeatedWithinTenMinutesSucceedsWithoutApplyingAgain() throws IOException {
        MovableClock clock = new MovableClock();
        try (SerializingProxy proxy = new SerializingProxy(emulator.moto(), clock);
                DynamoDbClient client = EmulatorClients.create(proxy.endpoint())) {
            client.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));

            client.transactWriteItems(increment("token-1", 1, null));
            client.transactWriteItems(increment("token-1", 1, null));
            assertEquals(1, counter(client), "a retry with the same token applied again");

            assertThrows(IdempotentParameterMismatchException.class,
                    () -> client.transactWriteItems(increment("token-1", 5, null)));
            assertEquals(1, counter(client));

            client.transactWriteItems(increment("token-2", 1, null));
            assertEquals(2, counter(client), "another token is another call");

            clock.advance(Duration.ofMinutes(9));
            client.transactWriteItems(increment("token-1", 1, null));
            assertEquals(2, counter(client), "still within ten minutes");

            clock.advance(Duration.ofMinutes(1));
            client.transactWriteItems(increment("token-1", 1, null));
            assertEquals(3, counter(client), "after ten minutes a token is new");
        }
    }

    @Test
    void aTokenWhoseCallFailedIsTriedAgain() throws IOException {
        try (SerializingProxy proxy = new SerializingProxy(emulator.moto(), new MovableClock());
                DynamoDbClient client = EmulatorClients.create(proxy.endpoint())) {
            client.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
            client.putItem(r -> r.tableName(table).item(key));

            assertThrows(TransactionCanceledException.class,
                    () -> client.transactWriteItems(increment("gated", 1, "gate_open")));
            client.updateItem(r -> r.tableName(table).key(key).updateExpression("SET #g = :t")
                    .expressionAttributeNames(Map.of("#g", "gate_open"))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true))));
            client.transactWriteItems(increment("gated", 1, "gate_open"));

            assertEquals(1, counter(client));
        }
    }

    /**
     * moto rolls a failed transaction back by replacing the table, whose stream's old shard keeps the rolled-back
     * writes and never gets another: an iterator from before it has expired; a new one, after the last record read,
     * reads what was committed after it and nothing rolled back. Iterators also expire after 15 minutes, and one the
     * proxy never handed out is refused rather than read.
     */
    @Test
    void afterAFailedTransactionStreamIteratorsHandedOutBeforeItExpire() throws IOException {
        MovableClock clock = new MovableClock();
        try (SerializingProxy proxy = new SerializingProxy(emulator.moto(), clock);
                DynamoDbClient client = EmulatorClients.create(proxy.endpoint());
                DynamoDbStreamsClient streams = StreamEvents.client(proxy.endpoint());
                DynamoDbStreamsClient direct = StreamEvents.client(emulator.moto())) {
            client.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
            String arn = StreamEvents.streamArn(client, table);
            String shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
            client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("committed-1"))));
            GetRecordsResponse first = streams.getRecords(r -> r.shardIterator(streams.getShardIterator(i -> i
                    .streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator()));
            assertEquals(List.of("committed-1"), keys(first));

            assertThrows(TransactionCanceledException.class, () -> client.transactWriteItems(r -> r.transactItems(
                    t -> t.put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("rolled-back")))),
                    t -> t.conditionCheck(c -> c.tableName(table).key(Map.of("pk", AttributeValue.fromS("committed-1")))
                            .conditionExpression("attribute_not_exists(pk)")))));
            client.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("committed-2"))));

            assertThrows(ExpiredIteratorException.class, () -> streams.getRecords(r -> r.shardIterator(
                    first.nextShardIterator())));
            String last = first.records().get(0).dynamodb().sequenceNumber();
            GetRecordsResponse resumed = streams.getRecords(r -> r.shardIterator(streams.getShardIterator(i -> i
                    .streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(last)).shardIterator()));
            assertEquals(List.of("committed-2"), keys(resumed));

            assertEquals(List.of(), keys(streams.getRecords(r -> r.shardIterator(resumed.nextShardIterator()))),
                    "an iterator handed out since is good");
            String fresh = streams.getShardIterator(i -> i.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            clock.advance(Duration.ofMinutes(15));
            assertThrows(ExpiredIteratorException.class, () -> streams.getRecords(r -> r.shardIterator(fresh)),
                    "15 minutes old");
            String motos = direct.getShardIterator(i -> i.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            assertThrows(ExpiredIteratorException.class, () -> streams.getRecords(r -> r.shardIterator(motos)),
                    "one the proxy never handed out");
        }
    }

    private static List<String> keys(GetRecordsResponse page) {
        return page.records().stream().map(record -> record.dynamodb().keys().get("pk").s()).toList();
    }

    @Test
    void requestsReachTheUpstreamOneAtATime() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        upstream.createContext("/", exchange -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        upstream.setExecutor(Executors.newFixedThreadPool(16));
        upstream.start();
        URI direct = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
        try (SerializingProxy proxy = new SerializingProxy(direct, Clock.systemUTC())) {
            assertTrue(concurrently(direct) > 1, "the upstream itself takes requests in parallel");
            most.set(0);

            assertEquals(1, concurrently(proxy.endpoint()));
        } finally {
            upstream.stop(0);
        }
    }

    /** Sends 16 requests at once; returns the most the upstream had in flight at any moment. */
    private int concurrently(URI endpoint) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(endpoint.resolve("/")).POST(
                    HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()));
        }
        calls.forEach(call -> assertEquals(200, call.join().statusCode()));
        return most.get();
    }
}
