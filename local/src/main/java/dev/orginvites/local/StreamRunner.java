package dev.orginvites.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orginvites.devkit.LambdaContext;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.devkit.StreamEvents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Feeds a function from the table's stream as Lambda's event source mapping feeds it, with the mapping's settings
 * as template.yaml writes them: the stream's shards polled with the DynamoDB Streams API from
 * {@code StartingPosition}; records that pass none of {@code FilterCriteria}'s patterns dropped (as Lambda drops
 * them: never delivered, never retried); the rest delivered in order, in batches of at most {@code BatchSize}, as the
 * event JSON Lambda sends, deserialized by the Lambda Java runtime's own serializer and handed to the handler in
 * process. With {@code ReportBatchItemFailures}, a batch whose answer names failed records is retried from the
 * lowest failed sequence number (the records before it are done); a handler that throws has its whole batch
 * retried, halved first with {@code BisectBatchOnFunctionError}. After {@code MaximumRetryAttempts} retries (-1 or
 * none: until it succeeds) the batch is given up, as Lambda gives it to the on-failure destination: here a JSON line
 * on the output naming the shard and the batch's sequence numbers, never the records' contents.
 * {@code MaximumRecordAgeInSeconds} is not applied: a local run's records are minutes old, not hours.
 *
 * <p>One thread polls every shard in turn and, as Lambda does, keeps looking for new shards while it reads the old
 * ones: a shard is read once its parent is read to its end (or is no longer listed). Each shard's reader keeps the
 * sequence number of the last record it read, so that an iterator that expires is replaced by one just after it, as
 * Lambda resumes from its checkpoint. An emulator behind the devkit's {@code SerializingProxy} relies on that: after a
 * transaction moto rolled back (replacing the table, and its stream's shard, with a copy) the iterators handed out
 * before it expire, and a new one reads the copy, which holds every committed record and none that was rolled back.
 * A {@code LATEST} start is taken as the sequence number it stands for (the shard read to its end once, delivering
 * nothing), so that a reader whose first iterator expires before it read anything knows where to resume.
 */
final class StreamRunner implements AutoCloseable {
    /** How long the runner waits between polls of a shard with nothing new (Lambda polls a shard four times a second). */
    static final Duration IDLE_POLL = Duration.ofMillis(250);
    /** How often the runner looks for new shards while it reads the ones it has. */
    static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(1);
    /** How long before a failed batch is retried. */
    static final Duration RETRY_DELAY = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";

    /** The mapping's settings this runner honours, read from the template's DynamoDB event. */
    record Mapping(String functionId, Duration timeout, int batchSize, ShardIteratorType startingPosition,
            List<FilterPattern> filters, boolean reportBatchItemFailures, boolean bisectBatchOnFunctionError,
            int maximumRetryAttempts) {

        /** @throws IllegalStateException for a setting the template gives that the runner cannot honour */
        static Mapping of(SamTemplate.StreamSubscription subscription) {
            JsonNode properties = subscription.properties();
            List<FilterPattern> filters = new ArrayList<>();
            for (JsonNode filter : properties.at("/FilterCriteria/Filters")) {
                filters.add(FilterPattern.parse(filter.path("Pattern").asText()));
            }
            Set<String> responseTypes = new java.util.TreeSet<>();
            properties.path("FunctionResponseTypes").forEach(type -> responseTypes.add(type.asText()));
            responseTypes.remove(REPORT_BATCH_ITEM_FAILURES);
            if (!responseTypes.isEmpty()) {
                throw new IllegalStateException(subscription.functionId() + ": unknown FunctionResponseTypes "
                        + responseTypes);
            }
            String position = properties.path("StartingPosition").asText("LATEST");
            if (!position.equals("LATEST") && !position.equals("TRIM_HORIZON")) {
                throw new IllegalStateException(subscription.functionId() + ": StartingPosition " + position
                        + " is not one the local stream runner knows (LATEST, TRIM_HORIZON)");
            }
            int batchSize = properties.path("BatchSize").asInt(100);
            return new Mapping(subscription.functionId(), subscription.timeout(), batchSize,
                    ShardIteratorType.fromValue(position), filters, hasReportBatchItemFailures(properties),
                    properties.path("BisectBatchOnFunctionError").asBoolean(false),
                    properties.path("MaximumRetryAttempts").asInt(-1));
        }

        private static boolean hasReportBatchItemFailures(JsonNode properties) {
            for (JsonNode type : properties.path("FunctionResponseTypes")) {
                if (type.asText().equals(REPORT_BATCH_ITEM_FAILURES)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether Lambda would deliver the record: no filters, or one pattern that matches. */
        boolean delivers(JsonNode record) {
            return filters.isEmpty() || filters.stream().anyMatch(filter -> filter.matches(record));
        }
    }

    /** A shard being read: where the next poll starts, and what was read but not yet done. */
    private static final class ShardReader {
        final String shardId;
        final String parentShardId;
        /** Where an iterator starts while nothing has been read. */
        final ShardIteratorType start;
        /** Null once the shard is closed and read to its end. */
        String iterator;
        /** The sequence number of the last record read (delivered or filtered out): where a new iterator resumes. */
        String lastRead;
        final Deque<ObjectNode> pending = new ArrayDeque<>();
        /** Retries of the batch at the head of {@link #pending}. */
        int retries;
        /** The most records the next batch may hold: the batch size, or less while a failing batch is bisected. */
        int limit;

        ShardReader(Shard shard, ShardIteratorType start, int limit) {
            this.shardId = shard.shardId();
            this.parentShardId = shard.parentShardId();
            this.start = start;
            this.limit = limit;
        }

        boolean done() {
            return iterator == null && pending.isEmpty();
        }
    }

    private final Mapping mapping;
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
    private final PrintStream out;
    private final PojoSerializer<DynamodbEvent> serializer =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamRunner.class.getClassLoader());
    private final List<ShardReader> shards = new ArrayList<>();
    /** Every shard a reader was made for. */
    private final Set<String> shardsSeen = new java.util.HashSet<>();
    /** The shards read to their end: their children may be read. */
    private final Set<String> shardsDone = new java.util.HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    StreamRunner(Mapping mapping, DynamoDbStreamsClient streams, String streamArn,
            RequestHandler<DynamodbEvent, StreamsEventResponse> handler, PrintStream out) {
        this.mapping = mapping;
        this.streams = streams;
        this.streamArn = streamArn;
        this.handler = handler;
        this.out = out;
        for (ShardReader shard : discoverShards(mapping.startingPosition())) {
            if (mapping.startingPosition() == ShardIteratorType.LATEST) {
                skipToEnd(shard);
            }
        }
        this.thread = new Thread(this::run, "stream-" + mapping.functionId());
        thread.setDaemon(true);
    }

    StreamRunner start() {
        thread.start();
        return this;
    }

    private void run() {
        long discovered = System.nanoTime();
        while (running) {
            boolean busy = false;
            try {
                for (ShardReader shard : List.copyOf(shards)) {
                    busy |= poll(shard);
                    if (shard.done()) {
                        shards.remove(shard);
                        shardsDone.add(shard.shardId);
                    }
                }
                if (shards.isEmpty() || System.nanoTime() - discovered >= DISCOVERY_INTERVAL.toNanos()) {
                    discoverShards(ShardIteratorType.TRIM_HORIZON);
                    discovered = System.nanoTime();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                out.println(problem("the stream could not be read", e));
            }
            if (!busy) {
                sleep(IDLE_POLL);
            }
        }
    }

    /** Reads and delivers what one shard holds; whether it had anything. */
    private boolean poll(ShardReader shard) {
        if (shard.pending.isEmpty() && shard.iterator != null) {
            List<Record> records = read(shard);
            for (Record record : records) {
                ObjectNode json = StreamEvents.lambdaRecord(record, streamArn);
                if (mapping.delivers(json)) {
                    shard.pending.add(json);
                }
            }
            if (records.isEmpty()) {
                return false;
            }
        }
        if (!shard.pending.isEmpty()) {
            deliver(shard);
            return true;
        }
        return false;
    }

    /**
     * The shard's next page of records, its position moved past them. An expired iterator is replaced by one after
     * the last record read (or at the shard's start) and tried once more; if that one has expired too, the page is
     * empty and the next poll tries again.
     */
    private List<Record> read(ShardReader shard) {
        GetRecordsResponse page;
        try {
            page = streams.getRecords(r -> r.shardIterator(shard.iterator));
        } catch (ExpiredIteratorException expired) {
            shard.iterator = iterator(shard);
            try {
                page = streams.getRecords(r -> r.shardIterator(shard.iterator));
            } catch (ExpiredIteratorException again) {
                shard.iterator = iterator(shard);
                return List.of();
            }
        }
        shard.iterator = page.nextShardIterator();
        if (!page.records().isEmpty()) {
            shard.lastRead = page.records().get(page.records().size() - 1).dynamodb().sequenceNumber();
        }
        return page.records();
    }

    private String iterator(ShardReader shard) {
        return streams.getShardIterator(r -> {
            r.streamArn(streamArn).shardId(shard.shardId);
            if (shard.lastRead == null) {
                r.shardIteratorType(shard.start);
            } else {
                r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(shard.lastRead);
            }
        }).shardIterator();
    }

    /** Reads the shard to its end, delivering nothing: where LATEST stands now. */
    private void skipToEnd(ShardReader shard) {
        while (shard.iterator != null && !read(shard).isEmpty()) {
            // read on
        }
    }

    private void deliver(ShardReader shard) {
        List<ObjectNode> batch = new ArrayList<>();
        for (ObjectNode record : shard.pending) {
            if (batch.size() == shard.limit) {
                break;
            }
            batch.add(record);
        }
        String retryFrom;
        try {
            StreamsEventResponse response = handler.handleRequest(event(batch),
                    LambdaContext.invocation(mapping.functionId(), mapping.timeout()));
            retryFrom = retryFrom(batch, response);
        } catch (RuntimeException e) {
            out.println(problem(mapping.functionId() + " failed; its batch will be retried", e));
            retryFrom = sequenceNumber(batch.get(0));
            if (mapping.bisectBatchOnFunctionError()) {
                shard.limit = Math.max(1, batch.size() / 2);
            }
        }
        if (retryFrom == null) {
            batch.forEach(record -> shard.pending.removeFirst());
            shard.retries = 0;
            shard.limit = mapping.batchSize();
            return;
        }
        int done = 0;
        while (!sequenceNumber(batch.get(done)).equals(retryFrom)) {
            shard.pending.removeFirst();
            done++;
        }
        if (mapping.maximumRetryAttempts() >= 0 && shard.retries >= mapping.maximumRetryAttempts()) {
            int size = batch.size() - done;
            out.println(onFailure(shard.shardId, batch.get(batch.size() - 1), size, retryFrom));
            for (int i = 0; i < size; i++) {
                shard.pending.removeFirst();
            }
            shard.retries = 0;
            shard.limit = mapping.batchSize();
            return;
        }
        shard.retries++;
        sleep(RETRY_DELAY);
    }

    /**
     * Where the batch must be retried from, or null when it succeeded: with ReportBatchItemFailures, the lowest
     * sequence number named (an identifier that names no record of the batch fails it whole, as in Lambda); without,
     * nothing is retried once the handler returned.
     */
    private String retryFrom(List<ObjectNode> batch, StreamsEventResponse response) {
        if (!mapping.reportBatchItemFailures() || response == null || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return null;
        }
        BigInteger lowest = null;
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure.getItemIdentifier();
            boolean known = id != null && batch.stream().anyMatch(record -> sequenceNumber(record).equals(id));
            if (!known) {
                return sequenceNumber(batch.get(0));
            }
            BigInteger number = new BigInteger(id);
            lowest = lowest == null || number.compareTo(lowest) < 0 ? number : lowest;
        }
        return lowest.toString();
    }

    /** The event Lambda sends, read by the runtime's serializer as the function would receive it. */
    private DynamodbEvent event(List<ObjectNode> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        batch.forEach(records::add);
        try {
            return serializer.fromJson(new ByteArrayInputStream(JSON.writeValueAsBytes(event)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes readers for the shards not yet read whose parent is read (or not listed), from {@code position} (LATEST
     * is read from TRIM_HORIZON by {@link #skipToEnd}); the new readers.
     */
    private List<ShardReader> discoverShards(ShardIteratorType position) {
        List<Shard> found = new ArrayList<>();
        String last = null;
        do {
            String from = last;
            var description = streams.describeStream(r -> r.streamArn(streamArn).exclusiveStartShardId(from))
                    .streamDescription();
            found.addAll(description.shards());
            last = description.lastEvaluatedShardId();
        } while (last != null);
        Set<String> listed = new java.util.HashSet<>();
        found.forEach(shard -> listed.add(shard.shardId()));
        List<ShardReader> added = new ArrayList<>();
        for (Shard shard : found) {
            String parent = shard.parentShardId();
            boolean parentUnread = parent != null && listed.contains(parent) && !shardsDone.contains(parent);
            if (shardsSeen.contains(shard.shardId()) || parentUnread) {
                continue;
            }
            shardsSeen.add(shard.shardId());
            ShardReader reader = new ShardReader(shard,
                    position == ShardIteratorType.LATEST ? ShardIteratorType.TRIM_HORIZON : position,
                    mapping.batchSize());
            reader.iterator = iterator(reader);
            shards.add(reader);
            added.add(reader);
        }
        return added;
    }

    private static String sequenceNumber(JsonNode record) {
        return record.at("/dynamodb/SequenceNumber").asText();
    }

    /** What Lambda sends an on-failure destination for a stream batch: where it was, never what it held. */
    private String onFailure(String shardId, JsonNode last, int size, String first) {
        ObjectNode line = JSON.createObjectNode();
        line.put("level", "ERROR");
        line.put("message", "a batch failed every retry and went to the on-failure destination");
        line.put("function", mapping.functionId());
        ObjectNode info = line.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", first);
        info.put("endSequenceNumber", sequenceNumber(last));
        info.put("batchSize", size);
        info.put("streamArn", streamArn);
        return line.toString();
    }

    private static String problem(String message, RuntimeException e) {
        ObjectNode line = JSON.createObjectNode();
        line.put("level", "ERROR");
        line.put("message", message);
        line.put("error", e.getClass().getName());
        return line.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
