package dev.orginvites.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.List;
import java.util.Map;

/**
 * The mailer's cold start as Lambda pays it, in a fresh JVM whose classpath is its deployable jar: the handler built
 * by its no-argument constructor (configuration from the environment), then its first batch, one new invitation's
 * record (claimed from {@link InvitationPool}; the claim is not timed), built in memory as Lambda would hand it
 * over: the token key read, the invitation read, the message sent, the delivery recorded. Prints the number of
 * failed records as the status. Argument: the handler class.
 */
public final class MailerProbe {
    private MailerProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long main = Report.micros();
        RequestHandler<DynamodbEvent, StreamsEventResponse> handler =
                (RequestHandler<DynamodbEvent, StreamsEventResponse>) Class.forName(args[0]).getConstructor()
                        .newInstance();
        long ready = Report.micros();
        String[] invitation = InvitationPool.claim();
        long claimed = Report.micros();
        StreamsEventResponse response = handler.handleRequest(event(invitation), null);
        long done = Report.micros();
        Report.print(main, ready, done - (claimed - ready), response.getBatchItemFailures().size());
    }

    /** One invitation's insert, as the table's stream records it (keys and the image the mailer reads). */
    static DynamodbEvent event(String[] invitation) {
        Map<String, AttributeValue> keys = Map.of("pk", new AttributeValue(invitation[0]),
                "sk", new AttributeValue(invitation[1]));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setEventSource("aws:dynamodb");
        record.setDynamodb(new StreamRecord().withKeys(keys).withSequenceNumber("1")
                .withNewImage(Map.of("pk", keys.get("pk"), "sk", keys.get("sk"),
                        "token_nonce", new AttributeValue(invitation[2])))
                .withStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }
}
