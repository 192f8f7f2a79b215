package dev.orginvites.shared.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.jsonapi.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One structured JSON line per request (request id, route, org, caller, status, latency, served version, error
 * code), and the cause of any 500. Bodies, emails and tokens are never logged. Lambda forwards stdout to
 * CloudWatch Logs, where the JSON fields can be queried with Logs Insights.
 */
public final class RequestLog {
    private static final int MAX_TEXT = 128;

    private final PrintStream out;

    public RequestLog(PrintStream out) {
        this.out = out;
    }

    public static RequestLog stdout() {
        return new RequestLog(System.out);
    }

    /** A log that keeps nothing (for SnapStart priming, which is not traffic). */
    public static RequestLog discard() {
        return new RequestLog(new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    public void request(String requestId, String route, String orgId, String subject, int status, long latencyMicros,
            String servedVersion, String errorCode, Throwable failure) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("level", failure == null ? "INFO" : "ERROR");
            g.writeStringField("message", "request");
            g.writeStringField("request_id", requestId);
            g.writeStringField("route", route);
            optional(g, "org_id", truncate(orgId));
            optional(g, "sub", truncate(subject));
            g.writeNumberField("status", status);
            g.writeNumberField("latency_ms", latencyMicros / 1000.0);
            optional(g, "version", servedVersion);
            optional(g, "error_code", errorCode);
            if (failure != null) {
                StringWriter trace = new StringWriter();
                failure.printStackTrace(new PrintWriter(trace));
                g.writeStringField("error", failure.getClass().getName());
                g.writeStringField("stack_trace", trace.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            return; // a StringWriter does not fail
        }
        out.println(line);
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** Caller-supplied text is cut short before it is logged or echoed. */
    static String truncate(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
