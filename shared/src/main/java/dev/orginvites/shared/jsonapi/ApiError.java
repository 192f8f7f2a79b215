package dev.orginvites.shared.jsonapi;

import java.time.Duration;
import java.util.Map;

/**
 * How a request fails: thrown anywhere below the pipeline, it becomes the answer, a JSON:API error object with an
 * HTTP status, a stable machine-readable {@code code}, a title, a detail for this occurrence, and where applicable
 * the offending query parameter or body member (see {@code ErrorDocuments}).
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final String parameter;
    private final String pointer;
    private final Map<String, String> headers;

    private ApiError(int status, String code, String title, String detail, String parameter, String pointer) {
        this(status, code, title, detail, parameter, pointer, Map.of());
    }

    private ApiError(int status, String code, String title, String detail, String parameter, String pointer,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.parameter = parameter;
        this.pointer = pointer;
        this.headers = headers;
    }

    /** 400 naming a query or path parameter. */
    public static ApiError badParameter(String parameter, String detail) {
        return new ApiError(400, "invalid-parameter", "Bad request", detail, parameter, null);
    }

    /** 400 naming a member of the request document by JSON pointer ({@code ""} for the whole document). */
    public static ApiError badBody(String pointer, String detail) {
        return new ApiError(400, "invalid-request-body", "Bad request", detail, null, pointer);
    }

    /** 400 with a specific code, naming a member of the request document. */
    public static ApiError badBody(String code, String pointer, String detail) {
        return new ApiError(400, code, "Bad request", detail, null, pointer);
    }

    /** 400 for a request that is wrong as a whole (its headers, say). */
    public static ApiError badRequest(String code, String detail) {
        return new ApiError(400, code, "Bad request", detail, null, null);
    }

    /**
     * 400 naming a request header. JSON:API's {@code source.header} is not in Snyk's error object, whose
     * {@code source.parameter} names an OpenAPI parameter, and a header is one ({@code in: header}).
     */
    public static ApiError badHeader(String code, String header, String detail) {
        return new ApiError(400, code, "Bad request", detail, header, null);
    }

    /** 422: the request is well-formed but cannot be processed as it stands. */
    public static ApiError unprocessable(String code, String detail) {
        return new ApiError(422, code, "Unprocessable content", detail, null, null);
    }

    public static ApiError unauthorized() {
        return unauthorized("This request needs an authentication token.");
    }

    public static ApiError unauthorized(String detail) {
        return new ApiError(401, "unauthorized", "Unauthorized", detail, null, null);
    }

    public static ApiError forbidden(String detail) {
        return forbidden("forbidden", detail);
    }

    /** 403 with a specific code: the caller is known and may not do this. */
    public static ApiError forbidden(String code, String detail) {
        return new ApiError(403, code, "Forbidden", detail, null, null);
    }

    public static ApiError notFound(String code, String detail) {
        return new ApiError(404, code, "Not found", detail, null, null);
    }

    public static ApiError conflict(String code, String pointer, String detail) {
        return new ApiError(409, code, "Conflict", detail, null, pointer);
    }

    /**
     * 429: the request may be made again after {@code retryAfter}, which the {@code retry-after} header gives in whole
     * seconds, rounded up (RFC 9110 section 10.2.3), so a client that waits that long is not refused again.
     */
    public static ApiError tooManyRequests(String code, String detail, Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.plusNanos(999_999_999).getSeconds());
        return new ApiError(429, code, "Too many requests", detail, null, null,
                Map.of("retry-after", Long.toString(seconds)));
    }

    public static ApiError internal() {
        return new ApiError(500, "internal-error", "Internal server error",
                "The request could not be completed. Quote the snyk-request-id header when you report it.", null, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** The query or path parameter at fault, or null. */
    public String parameter() {
        return parameter;
    }

    /** The JSON pointer into the request document at fault, or null. */
    public String pointer() {
        return pointer;
    }

    /** Headers the answer carries besides the pipeline's own ({@code retry-after} of a 429), by lower-case name. */
    public Map<String, String> headers() {
        return headers;
    }
}
