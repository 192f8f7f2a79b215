package dev.orginvites.deliver;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.jsonapi.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;

/**
 * One structured JSON line per stream record the mailer handles: Lambda's request id, the record's sequence number,
 * the org and invitation (ids only, and only when they are UUIDs), what became of it, SES's message id when it sent
 * one, and for a failure the exception's class and the service's error code. Never an address, a token, a link or an
 * exception's message (which may quote the address it refused).
 */
final class DeliveryLog {
    private final PrintStream out;

    DeliveryLog(PrintStream out) {
        this.out = out;
    }

    /** What became of one record. */
    enum Outcome {
        /** Sent and recorded. */
        SENT,
        /** Sent, but the invitation changed before the delivery could be recorded (accepted, cancelled, re-issued). */
        SENT_NOT_RECORDED,
        /** Not an invitation's insert: nothing to do. */
        IGNORED,
        /** The invitation is no longer pending (accepted, cancelled, expired or re-issued under a new id). */
        NOT_PENDING,
        /** The invitation was re-issued since this record: the new issue's record sends. */
        SUPERSEDED,
        /** Its delivery is already recorded (a retried batch). */
        ALREADY_DELIVERED,
        /**
         * Its email failed for good (a bounce or a complaint reported for a send whose delivery was not recorded): it
         * is never sent again.
         */
        FAILED_BEFORE,
        /** Written before invitations had tokens: it cannot be accepted until it is resent. */
        NO_TOKEN,
        /** Failed; reported to Lambda for a retry. */
        FAILED,
        /** Not tried, as the invocation was running out of time; reported to Lambda for a retry. */
        NOT_ATTEMPTED
    }

    void record(String awsRequestId, String sequenceNumber, String orgId, String inviteId, Outcome outcome,
            String messageId, Throwable failure, long latencyMicros) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("level", outcome == Outcome.FAILED ? "ERROR"
                    : outcome == Outcome.SENT_NOT_RECORDED || outcome == Outcome.NOT_ATTEMPTED ? "WARN" : "INFO");
            g.writeStringField("message", "invite_delivery");
            Json.writeOptional(g, "aws_request_id", awsRequestId);
            Json.writeOptional(g, "sequence_number", sequenceNumber);
            Json.writeOptional(g, "org_id", Ids.isUuid(orgId) ? orgId : null);
            Json.writeOptional(g, "invite_id", Ids.isUuid(inviteId) ? inviteId : null);
            g.writeStringField("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
            Json.writeOptional(g, "message_id", messageId);
            g.writeNumberField("latency_ms", latencyMicros / 1000.0);
            Json.writeFailure(g, failure);
            g.writeEndObject();
        } catch (IOException e) {
            return; // a StringWriter does not fail
        }
        out.println(line);
    }
}
