package dev.orginvites.feedback;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.jsonapi.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.util.Locale;

/**
 * One structured JSON line per queue message the function handles: Lambda's request id, the SQS message id, SES's
 * event type and message id, the invitation (org and invitation ids, which the parser took only as UUIDs), what
 * became of it, and why a message was dropped, or a failure's exception class and service error code. Never an
 * address (SES's events hold the recipients'), a body, or an exception's message.
 */
final class FeedbackLog {
    /** What became of one message. */
    enum Outcome {
        /** The invitation is failed from now on. */
        FAILED_RECORDED,
        /** The delay is the invitation's latest. */
        DELAY_RECORDED,
        /** A repeat, or a report the invitation's state already outranks: nothing changed. */
        UNCHANGED,
        /** The invitation is gone (cancelled, accepted, resent under a new id, expired): nothing to record. */
        NOT_PENDING,
        /** Nothing to record: a complaint its recipient marked as not spam. */
        NOTHING_TO_RECORD,
        /** Not an SES event this function can record: dropped, as a retry cannot mend it. */
        UNREADABLE,
        /** Failed (DynamoDB did not answer, say); reported for a retry, and after the queue's last, its DLQ. */
        FAILED,
        /** Not tried, as the invocation was running out of time; reported for a retry. */
        NOT_ATTEMPTED
    }

    private final PrintStream out;

    FeedbackLog(PrintStream out) {
        this.out = out;
    }

    void record(String awsRequestId, String queueMessageId, SesEvent event, Outcome outcome, String why,
            Throwable failure) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("level", outcome == Outcome.FAILED ? "ERROR"
                    : outcome == Outcome.UNREADABLE || outcome == Outcome.NOT_ATTEMPTED ? "WARN" : "INFO");
            g.writeStringField("message", "send_feedback");
            Json.writeOptional(g, "aws_request_id", awsRequestId);
            Json.writeOptional(g, "queue_message_id", queueMessageId);
            if (event != null) {
                g.writeStringField("event_type", event.type());
                g.writeStringField("org_id", event.orgId());
                g.writeStringField("invite_id", event.inviteId());
                g.writeStringField("message_id", event.messageId());
                if (event.problem() != null) {
                    g.writeStringField("reason", event.problem().reason());
                }
            }
            g.writeStringField("outcome", outcome.name().toLowerCase(Locale.ROOT));
            Json.writeOptional(g, "why", why);
            Json.writeFailure(g, failure);
            g.writeEndObject();
        } catch (IOException e) {
            return; // a StringWriter does not fail
        }
        out.println(line);
    }
}
