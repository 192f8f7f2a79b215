package dev.orginvites.shared.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.jsonapi.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One structured JSON line per request (request ids, route, org, caller, status, latency, served version, error
 * code), and the cause of any 500. Lambda forwards stdout to CloudWatch Logs, where the JSON fields can be queried
 * with Logs Insights.
 *
 * <p>A log line never holds what a caller could have put an address or a token in. The rules are kept here, so no
 * caller of the log can break them: the org is logged only as a UUID; the route as its route key, never the path
 * requested; the caller's {@code sub} as sent only when it cannot be an address or a token, else as a stable hash
 * (see {@link #subject}); bodies, headers and query strings never; and in the cause of a 500, any word with an
 * {@code @} and anything shaped like a JWT is replaced, because exception messages may quote what was sent.
 */
public final class RequestLog {
    /** A {@code sub} logged as sent: identifier characters only (no {@code @}, no spaces), and not long. */
    private static final Pattern PLAIN_SUBJECT = Pattern.compile("[A-Za-z0-9|_:.\\-]{1,128}");
    /** Base64url of <code>{"</code>, how every JWT (and every JSON object encoded so) begins. */
    private static final String JWT_START = "eyJ";
    private static final Pattern SECRET_SHAPED = Pattern.compile("\\S*@\\S*|(?<![A-Za-z0-9_\\-])eyJ[A-Za-z0-9_\\-.]*");
    private static final String REDACTED = "[redacted]";

    private final PrintStream out;

    /**
     * What is logged of one request.
     *
     * @param requestId the {@code snyk-request-id} the response carries
     * @param route the route key ({@code GET /orgs/{org_id}/invites}), or {@code -} when no route matched
     * @param awsRequestId Lambda's own request id, or null off Lambda
     * @param orgId the path's org id as sent (logged only if it is a UUID), or null
     * @param subject the caller's {@code sub}, or null when unauthenticated
     * @param servedVersion the release that served the request, or null when none was resolved
     * @param errorCode the error document's code, or null on success
     * @param failure the cause of a 500, or null
     */
    public record Entry(String requestId, String route, int status, long latencyMicros, String awsRequestId,
            String orgId, String subject, String servedVersion, String errorCode, Throwable failure) {

        /** A request answered {@code status} after {@code latencyMicros}, with nothing else known yet. */
        public static Entry of(String requestId, String route, int status, long latencyMicros) {
            return new Entry(requestId, route, status, latencyMicros, null, null, null, null, null, null);
        }

        public Entry awsRequestId(String id) {
            return new Entry(requestId, route, status, latencyMicros, id, orgId, subject, servedVersion, errorCode,
                    failure);
        }

        public Entry org(String pathOrgId) {
            return new Entry(requestId, route, status, latencyMicros, awsRequestId, pathOrgId, subject, servedVersion,
                    errorCode, failure);
        }

        public Entry caller(String sub) {
            return new Entry(requestId, route, status, latencyMicros, awsRequestId, orgId, sub, servedVersion,
                    errorCode, failure);
        }

        public Entry served(String version) {
            return new Entry(requestId, route, status, latencyMicros, awsRequestId, orgId, subject, version,
                    errorCode, failure);
        }

        public Entry error(String code, Throwable cause) {
            return new Entry(requestId, route, status, latencyMicros, awsRequestId, orgId, subject, servedVersion,
                    code, cause);
        }
    }

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

    public void request(Entry entry) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("level", entry.failure() == null ? "INFO" : "ERROR");
            g.writeStringField("message", "request");
            g.writeStringField("request_id", entry.requestId());
            Json.writeOptional(g, "aws_request_id", entry.awsRequestId());
            g.writeStringField("route", entry.route());
            Json.writeOptional(g, "org_id", Ids.isUuid(entry.orgId()) ? Ids.canonical(entry.orgId()) : null);
            Json.writeOptional(g, "sub", subject(entry.subject()));
            g.writeNumberField("status", entry.status());
            g.writeNumberField("latency_ms", entry.latencyMicros() / 1000.0);
            Json.writeOptional(g, "version", entry.servedVersion());
            Json.writeOptional(g, "error_code", entry.errorCode());
            if (entry.failure() != null) {
                StringWriter trace = new StringWriter();
                entry.failure().printStackTrace(new PrintWriter(trace));
                g.writeStringField("error", entry.failure().getClass().getName());
                g.writeStringField("stack_trace", SECRET_SHAPED.matcher(trace.toString()).replaceAll(REDACTED));
            }
            g.writeEndObject();
        } catch (IOException e) {
            return; // a StringWriter does not fail
        }
        out.println(line);
    }

    /**
     * The caller as logged: an identifier ({@code auth0|5f7c…}, a UUID) as sent; anything else ({@code sub} may be an
     * email address at some identity providers, or hold whatever a misconfigured authorizer passes) as
     * {@code sha256:} and the first 16 hex digits of its SHA-256. A hash rather than nothing: an operator can still
     * tell one caller's requests from another's, and find a known caller's lines by hashing their {@code sub}, while
     * the log holds no address. (It hides an address from a reader of the log, not from someone who guesses it.)
     */
    static String subject(String sub) {
        if (sub == null) {
            return null;
        }
        if (PLAIN_SUBJECT.matcher(sub).matches() && !sub.contains(JWT_START)) {
            return sub;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sub.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
