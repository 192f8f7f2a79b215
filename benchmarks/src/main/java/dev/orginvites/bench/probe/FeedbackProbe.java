package dev.orginvites.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * record-feedback's cold start as Lambda pays it, in a fresh JVM whose classpath is its deployable jar: the handler
 * built by its no-argument constructor, then its first batch, one SES bounce (as EventBridge puts it on the queue) for
 * an invitation that does not exist: the conditional UpdateItem fails and one GetItem says the invitation is gone,
 * both calls a bounce can make. Prints the number of failed messages as the status. Arguments: the handler class and
 * the org id.
 */
public final class FeedbackProbe {
    private FeedbackProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long main = Report.micros();
        RequestHandler<SQSEvent, SQSBatchResponse> handler = (RequestHandler<SQSEvent, SQSBatchResponse>)
                Class.forName(args[0]).getConstructor().newInstance();
        long ready = Report.micros();
        SQSBatchResponse response = handler.handleRequest(event(args[1]), null);
        long done = Report.micros();
        Report.print(main, ready, done, response.getBatchItemFailures().size());
    }

    static SQSEvent event(String orgId) {
        String now = Instant.now().toString();
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setEventSource("aws:sqs");
        message.setBody("{\"version\":\"0\",\"detail-type\":\"Email Bounced\",\"source\":\"aws.ses\",\"detail\":{"
                + "\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\","
                + "\"timestamp\":\"" + now + "\"},\"mail\":{\"timestamp\":\"" + now + "\",\"messageId\":\"probe\","
                + "\"tags\":{\"org_id\":[\"" + orgId + "\"],\"invite_id\":[\"" + UUID.randomUUID() + "\"]}}}}");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }
}
