package dev.orginvites.devkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A table's stream records, read with the DynamoDB Streams API, and the event Lambda's event source mapping hands a
 * function for them: {@code {"Records": [...]}}, each record as the Streams API returns it plus
 * {@code eventSourceARN}, attribute values in DynamoDB's JSON ({@code {"S": "..."}}) and
 * {@code ApproximateCreationDateTime} in epoch seconds (as AWS's documented sample events show it).
 */
public final class StreamEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StreamEvents() {
    }

    /** A DynamoDB Streams client for an emulator (moto serves the Streams API on its one port). */
    public static DynamoDbStreamsClient client(URI endpoint) {
        return DynamoDbStreamsClient.builder().region(Region.of(DynamoEmulator.REGION)).endpointOverride(endpoint)
                .build();
    }

    /** The stream of a table (created with one: see {@link SamTemplate#createTable}). */
    public static String streamArn(DynamoDbClient dynamoDb, String table) {
        String arn = dynamoDb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
        if (arn == null) {
            throw new IllegalStateException("table " + table + " has no stream");
        }
        return arn;
    }

    /**
     * Every record the stream holds, shard by shard, oldest first. An iterator that expires (as the emulator's proxy
     * expires them after a failed transaction) is replaced by one after the last record read.
     */
    public static List<Record> read(DynamoDbStreamsClient streams, String streamArn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
            String last = null;
            String iterator = iterator(streams, streamArn, shard.shardId(), null);
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page;
                try {
                    page = streams.getRecords(r -> r.shardIterator(current));
                } catch (ExpiredIteratorException expired) {
                    iterator = iterator(streams, streamArn, shard.shardId(), last);
                    continue;
                }
                records.addAll(page.records());
                if (!page.records().isEmpty()) {
                    last = page.records().get(page.records().size() - 1).dynamodb().sequenceNumber();
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return records;
    }

    /** An iterator at the shard's start, or after {@code last} when it is not null. */
    private static String iterator(DynamoDbStreamsClient streams, String streamArn, String shardId, String last) {
        return streams.getShardIterator(r -> {
            r.streamArn(streamArn).shardId(shardId);
            if (last == null) {
                r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last);
            }
        }).shardIterator();
    }

    /** The event Lambda would invoke a function with for these records of the stream {@code streamArn}. */
    public static String lambdaEvent(List<Record> records, String streamArn) {
        ObjectNode event = NODES.objectNode();
        ArrayNode array = event.putArray("Records");
        for (Record record : records) {
            array.add(lambdaRecord(record, streamArn));
        }
        try {
            return JSON.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One record of the event Lambda sends for the stream {@code streamArn}: what filter patterns are matched to. */
    public static ObjectNode lambdaRecord(Record record, String streamArn) {
        ObjectNode node = NODES.objectNode();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventVersion", record.eventVersion());
        node.put("eventSource", record.eventSource());
        node.put("awsRegion", record.awsRegion());
        StreamRecord change = record.dynamodb();
        ObjectNode dynamodb = node.putObject("dynamodb");
        if (change.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime().getEpochSecond());
        }
        image(dynamodb, "Keys", change.keys());
        image(dynamodb, "NewImage", change.newImage());
        image(dynamodb, "OldImage", change.oldImage());
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        if (change.sizeBytes() != null) {
            dynamodb.put("SizeBytes", change.sizeBytes());
        }
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        if (record.userIdentity() != null) {
            node.putObject("userIdentity").put("type", record.userIdentity().type())
                    .put("principalId", record.userIdentity().principalId());
        }
        node.put("eventSourceARN", streamArn);
        return node;
    }

    private static void image(ObjectNode parent, String name, Map<String, AttributeValue> image) {
        if (image != null && !image.isEmpty()) {
            ObjectNode node = parent.putObject(name);
            image.forEach((attribute, value) -> node.set(attribute, value(value)));
        }
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(base64(b)));
            case L -> value.l().forEach(v -> node.withArray("L").add(value(v)));
            case M -> value.m().forEach((k, v) -> node.with("M").set(k, value(v)));
            default -> throw new IllegalArgumentException("unknown attribute value type " + value.type());
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
