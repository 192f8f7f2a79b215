package dev.orginvites.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The event publisher's cold start as Lambda pays it, in a fresh JVM whose classpath is its deployable jar: the
 * handler built by its no-argument constructor (the bus from the environment), then its first batch, one record of a
 * membership made by an accept (the image as the store writes it), built in memory as Lambda would hand it over: the
 * event rendered and put on the bus in one PutEvents. Prints the number of failed records as the status. Argument:
 * the handler class.
 */
public final class PublisherProbe {
    private PublisherProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long main = Report.micros();
        RequestHandler<DynamodbEvent, StreamsEventResponse> handler =
                (RequestHandler<DynamodbEvent, StreamsEventResponse>) Class.forName(args[0]).getConstructor()
                        .newInstance();
        long ready = Report.micros();
        StreamsEventResponse response = handler.handleRequest(event(), null);
        long done = Report.micros();
        Report.print(main, ready, done, response.getBatchItemFailures().size());
    }

    /** One membership's insert, as the table's stream records it. */
    static DynamodbEvent event() {
        String org = "9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c";
        String membership = UUID.randomUUID().toString();
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        image.put("pk", new AttributeValue("ORG#" + org));
        image.put("sk", new AttributeValue("MEMBER#" + membership));
        image.put("item_type", new AttributeValue("membership"));
        image.put("membership_id", new AttributeValue(membership));
        image.put("user_id", new AttributeValue("auth0|cold-start"));
        image.put("email", new AttributeValue("cold-start@example.com"));
        image.put("user_name", new AttributeValue("Cold Start"));
        image.put("role_id", new AttributeValue("f1968726-1dca-42d4-a4dc-80cab99e2b6c"));
        image.put("role_name", new AttributeValue("Developer"));
        image.put("joined_at", new AttributeValue("2026-12-04T09:40:00.123Z"));
        image.put("invited_by", new AttributeValue("auth0|inviter"));
        image.put("invite_id", new AttributeValue(UUID.randomUUID().toString()));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID(UUID.randomUUID().toString().replace("-", ""));
        record.setEventName("INSERT");
        record.setEventSource("aws:dynamodb");
        record.setDynamodb(new StreamRecord().withKeys(Map.of("pk", image.get("pk"), "sk", image.get("sk")))
                .withSequenceNumber("1").withNewImage(image).withStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }
}
