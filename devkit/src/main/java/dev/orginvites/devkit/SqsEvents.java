package dev.orginvites.devkit;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The event Lambda's SQS event source mapping invokes a function with: the JSON it sends, read by the Lambda Java
 * runtime's own deserializer, as the function gets it in Lambda.
 */
public final class SqsEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<SQSEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(SQSEvent.class, SqsEvents.class.getClassLoader());

    /** One message as the mapping received it. */
    public record Message(String messageId, String receiptHandle, String body, int receiveCount) {
    }

    private SqsEvents() {
    }

    /** The event for a batch of messages from the queue with this ARN. */
    public static SQSEvent event(String queueArn, List<Message> messages) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            attributes.put("ApproximateReceiveCount", Integer.toString(message.receiveCount()));
            attributes.put("SentTimestamp", Long.toString(System.currentTimeMillis()));
            attributes.put("SenderId", "AIDAEVENTBRIDGE");
            attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(System.currentTimeMillis()));
            record.putObject("messageAttributes");
            record.put("md5OfBody", md5(message.body()));
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", DynamoEmulator.REGION);
        }
        return SERIALIZER.fromJson(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest((body == null ? "" : body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
