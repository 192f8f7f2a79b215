package dev.orginvites.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stream records written by hand, in the JSON Lambda's event source mapping sends (as devkit's StreamEvents renders
 * what the emulator's stream holds), and read by the Lambda Java runtime's own deserializer, as the function gets
 * them. For the changes the emulator cannot make (a TTL deletion, a bounce's failure) and for the quick tier.
 */
final class StreamRecords {
    static final String STREAM_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/org-invites/stream/2026-12-04T00:00:00.000";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<DynamodbEvent> RUNTIME_SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamRecords.class.getClassLoader());

    private StreamRecords() {
    }

    /** An item image: attribute names to values (a String is an S, a Long an N). */
    static Map<String, Object> image(Object... namesAndValues) {
        Map<String, Object> image = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                image.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return image;
    }

    /** The image with these attributes added (or replaced; a null value removes one). */
    static Map<String, Object> with(Map<String, Object> image, Object... namesAndValues) {
        Map<String, Object> changed = new LinkedHashMap<>(image);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                changed.remove((String) namesAndValues[i]);
            } else {
                changed.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return changed;
    }

    /** A record as Lambda sends it; the keys are the images' pk and sk. */
    static ObjectNode record(String eventId, String eventName, String sequenceNumber, Map<String, Object> newImage,
            Map<String, Object> oldImage, boolean byTimeToLive) {
        Map<String, Object> either = newImage != null ? newImage : oldImage;
        ObjectNode node = JSON.createObjectNode();
        node.put("eventID", eventId);
        node.put("eventName", eventName);
        node.put("eventVersion", "1.1");
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", "eu-west-1");
        ObjectNode dynamodb = node.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", 1_796_342_400L);
        put(dynamodb, "Keys", image("pk", either.get("pk"), "sk", either.get("sk")));
        put(dynamodb, "NewImage", newImage);
        put(dynamodb, "OldImage", oldImage);
        dynamodb.put("SequenceNumber", sequenceNumber);
        dynamodb.put("SizeBytes", 200);
        dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
        if (byTimeToLive) {
            node.putObject("userIdentity").put("type", "Service").put("principalId", "dynamodb.amazonaws.com");
        }
        node.put("eventSourceARN", STREAM_ARN);
        return node;
    }

    /** The event Lambda invokes the function with for these records, as the runtime deserializes it. */
    static DynamodbEvent event(List<ObjectNode> records) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(array::add);
        return RUNTIME_SERIALIZER.fromJson(event.toString());
    }

    private static void put(ObjectNode parent, String name, Map<String, Object> image) {
        if (image == null) {
            return;
        }
        ObjectNode node = parent.putObject(name);
        image.forEach((attribute, value) -> {
            if (value instanceof Long number) {
                node.putObject(attribute).put("N", number.toString());
            } else {
                node.putObject(attribute).put("S", (String) value);
            }
        });
    }
}
