package dev.orginvites.shared.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.config.Environment;
import dev.orginvites.shared.jsonapi.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One structured JSON line per request (request ids, route, org, caller, status, latency, served version, error
 * code), and the cause of any 500. Lambda forwards stdout to CloudWatch Logs, where the JSON fields can be queried
 * with Logs Insights.
 *
 * <p>A log line never holds what a caller could have put an address or a token in. The rules are kept here, so no
 * caller of the log can break them: the org is logged only as a UUID; the route as its route key, never the path
 * requested; the caller's {@code sub} as sent only when it cannot be an address or a token, else as a keyed
 * pseudonym (see {@link #subject}); bodies, headers and query strings never; and in the cause of a 500, any word with an
 * {@code @} and anything shaped like a JWT is replaced, because exception messages may quote what was sent.
 */
public final class RequestLog {
    /** A {@code sub} logged as sent: identifier characters only (no {@code @}, no spaces), and not long. */
    private static final Pattern PLAIN_SUBJECT = Pattern.compile("[A-Za-z0-9|_:.\\-]{1,128}");
    /** Base64url of <code>{"</code>, how every JWT (and every JSON object encoded so) begins. */
    private static final String JWT_START = "eyJ";
    private static final Pattern SECRET_SHAPED = Pattern.compile("\\S*@\\S*|(?<![A-Za-z0-9_\\-])eyJ[A-Za-z0-9_\\-.]*");
    private static final String REDACTED = "[redacted]";

    /** The environment variable holding the pseudonym key, in Lambda (the template's {@code LogPseudonymKey}). */
    public static final String KEY_VARIABLE = "LOG_PSEUDONYM_KEY";
    /** The shortest key taken, in characters: 256 bits of a generated alphanumeric secret need 43. */
    static final int MIN_KEY_LENGTH = 32;
    private static final String PSEUDONYM_ALGORITHM = "HmacSHA256";
    private static final int RANDOM_KEY_BYTES = 32;

    private final PrintStream out;
    private final SecretKeySpec pseudonymKey;

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

    /** A log whose pseudonyms are keyed with {@code pseudonymKey} (its bytes; it is never written out). */
    public RequestLog(PrintStream out, byte[] pseudonymKey) {
        this.out = out;
        this.pseudonymKey = new SecretKeySpec(pseudonymKey, PSEUDONYM_ALGORITHM);
    }

    /**
     * A log with a random key of its own, drawn now: off Lambda (the local API, tests, benchmarks), where pseudonyms
     * need only be stable for one run.
     */
    public RequestLog(PrintStream out) {
        this(out, randomKey());
    }

    /**
     * Lambda's log: stdout, keyed with {@value #KEY_VARIABLE}. A deployment without the key fails its init here,
     * naming the variable, rather than logging under a key nobody chose: a fixed key would make pseudonyms plain
     * hashes again, and a random one per instance would leave them unrelated across instances and cold starts, so an
     * operator could no longer follow one caller, which is what they are for.
     *
     * @throws IllegalStateException naming the variable when it is missing or shorter than 32 characters
     */
    public static RequestLog stdout(Function<String, String> env) {
        String key = Environment.required(env, KEY_VARIABLE);
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException(KEY_VARIABLE + " must be at least " + MIN_KEY_LENGTH + " characters long");
        }
        return new RequestLog(System.out, key.getBytes(StandardCharsets.UTF_8));
    }

    /** A log that keeps nothing (for SnapStart priming, which is not traffic). */
    public static RequestLog discard() {
        return new RequestLog(new PrintStream(java.io.OutputStream.nullOutputStream()), new byte[RANDOM_KEY_BYTES]);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[RANDOM_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
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
     * {@code hmac:} and the first 16 hex digits of its HMAC-SHA256 under this log's key. A pseudonym rather than
     * nothing: an operator can still tell one caller's requests from another's. Keyed rather than a plain hash: a
     * plain hash of {@code victim@example.com} is what anyone holding a list of candidate addresses computes, so it
     * would name the caller to every reader of the log; without the key, which is never logged, it names nobody.
     * Finding a known caller's lines needs the key (the function's configuration holds it).
     */
    String subject(String sub) {
        if (sub == null) {
            return null;
        }
        if (PLAIN_SUBJECT.matcher(sub).matches() && !sub.contains(JWT_START)) {
            return sub;
        }
        try {
            Mac mac = Mac.getInstance(PSEUDONYM_ALGORITHM);
            mac.init(pseudonymKey);
            return "hmac:" + HexFormat.of().formatHex(mac.doFinal(sub.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
