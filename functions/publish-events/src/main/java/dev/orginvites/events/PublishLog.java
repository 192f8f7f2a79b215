package dev.orginvites.events;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.jsonapi.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.util.Locale;

/**
 * One structured JSON line per stream record the publisher handles: Lambda's request id, the record's sequence
 * number, the event's id and detail-type, the org (its id only, and only when it is a UUID), what became of it, how
 * many PutEvents attempts it took, and for a failure the exception's class or EventBridge's error code. Never the
 * event's detail (it holds the invitee's address), an address, or an exception's or an entry's error message.
 */
final class PublishLog {
    private final PrintStream out;

    PublishLog(PrintStream out) {
        this.out = out;
    }

    /** What became of one record. */
    enum Outcome {
        /** Its event was put on the bus. */
        PUBLISHED,
        /** Not the record of a change that has an event: nothing to publish. */
        NO_EVENT,
        /** Its event could not be made (an item written outside the store) or put; reported to Lambda. */
        FAILED,
        /** After a record that failed, in the same shard: reported to Lambda, to keep each item's events in order. */
        NOT_ATTEMPTED
    }

    void record(String awsRequestId, String sequenceNumber, OrgEvent event, Outcome outcome, int attempts,
            String error, String errorCode, long latencyMicros) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("level", outcome == Outcome.FAILED ? "ERROR"
                    : outcome == Outcome.NOT_ATTEMPTED ? "WARN" : "INFO");
            g.writeStringField("message", "event_publish");
            Json.writeOptional(g, "aws_request_id", awsRequestId);
            Json.writeOptional(g, "sequence_number", sequenceNumber);
            if (event != null) {
                g.writeStringField("event_id", event.id());
                g.writeStringField("detail_type", event.type().detailType());
                Json.writeOptional(g, "org_id", Ids.isUuid(event.orgId()) ? event.orgId() : null);
            }
            g.writeStringField("outcome", outcome.name().toLowerCase(Locale.ROOT));
            if (attempts > 0) {
                g.writeNumberField("attempts", attempts);
            }
            Json.writeOptional(g, "error", error);
            Json.writeOptional(g, "error_code", errorCode);
            g.writeNumberField("latency_ms", latencyMicros / 1000.0);
            g.writeEndObject();
        } catch (IOException e) {
            return; // a StringWriter does not fail
        }
        out.println(line);
    }
}
