package dev.orginvites.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * A DynamoDB Streams record, as the Streams API gives it, turned into the record of the event Lambda sends a function
 * subscribed to the stream (AWS Lambda developer guide, "Using AWS Lambda with Amazon DynamoDB", the example event):
 * {@code eventID}, {@code eventName}, {@code eventVersion}, {@code eventSource}, {@code awsRegion}, {@code dynamodb}
 * ({@code ApproximateCreationDateTime} in epoch seconds, {@code Keys}, {@code NewImage}, {@code OldImage},
 * {@code SequenceNumber}, {@code SizeBytes}, {@code StreamViewType}, attribute values in DynamoDB's JSON) and
 * {@code eventSourceARN}. Filter patterns are matched against this form, as Lambda matches them.
 */
final class StreamRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamRecords() {
    }

    static ObjectNode lambdaRecord(Record record, String streamArn) {
        ObjectNode json = JSON.createObjectNode();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", record.eventVersion());
        json.put("eventSource", record.eventSource());
        json.put("awsRegion", record.awsRegion());
        StreamRecord stream = record.dynamodb();
        ObjectNode dynamodb = json.putObject("dynamodb");
        if (stream.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", stream.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.set("Keys", item(stream.keys()));
        if (stream.hasNewImage()) {
            dynamodb.set("NewImage", item(stream.newImage()));
        }
        if (stream.hasOldImage()) {
            dynamodb.set("OldImage", item(stream.oldImage()));
        }
        dynamodb.put("SequenceNumber", stream.sequenceNumber());
        if (stream.sizeBytes() != null) {
            dynamodb.put("SizeBytes", stream.sizeBytes());
        }
        dynamodb.put("StreamViewType", stream.streamViewTypeAsString());
        json.put("eventSourceARN", streamArn);
        return json;
    }

    private static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode json = JSON.createObjectNode();
        item.forEach((name, value) -> json.set(name, value(value)));
        return json;
    }

    /** An attribute value in DynamoDB's JSON: {@code {"S": "..."}}, {@code {"N": "1"}}, {@code {"M": {...}}}... */
    private static JsonNode value(AttributeValue value) {
        ObjectNode json = JSON.createObjectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", base64(value.b()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case M -> json.set("M", item(value.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(element -> list.add(value(element)));
            }
            case SS -> strings(json.putArray("SS"), value.ss());
            case NS -> strings(json.putArray("NS"), value.ns());
            case BS -> {
                ArrayNode list = json.putArray("BS");
                value.bs().forEach(bytes -> list.add(base64(bytes)));
            }
            default -> throw new IllegalStateException("an attribute value of unknown type: " + value);
        }
        return json;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
