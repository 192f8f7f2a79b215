package dev.orginvites.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.orginvites.shared.jsonapi.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A null-safe view of an HTTP API (payload v2) event: headers by lower-cased name, query and path parameters,
 * and the body as bytes (decoded from base64 when API Gateway encoded it).
 */
public final class ApiRequest {
    /** The stage API Gateway serves from the root of the API's URL. */
    static final String DEFAULT_STAGE = "$default";
    /** What API Gateway allows a named stage to be called. */
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private final APIGatewayV2HTTPEvent event;
    private final Map<String, String> headers;

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
        Map<String, String> raw = event.getHeaders();
        this.headers = new HashMap<>();
        if (raw != null) {
            raw.forEach((name, value) -> {
                if (name != null && value != null) {
                    headers.put(name.toLowerCase(Locale.ROOT), value);
                }
            });
        }
    }

    public APIGatewayV2HTTPEvent event() {
        return event;
    }

    /**
     * The path the API is served under, which every link and {@code location} the API answers starts with: empty on
     * the {@code $default} stage (the root of the API's URL), {@code /<stage>} on a named stage, whose name API
     * Gateway puts first in every path it serves (the template's {@code BasePath}: {@code /rest} is the stage
     * {@code rest}). The route key and path parameters are the same on every stage, so nothing else depends on it.
     */
    public String basePath() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        String stage = context == null ? null : context.getStage();
        return stage == null || stage.equals(DEFAULT_STAGE) || !STAGE_NAME.matcher(stage).matches() ? "" : "/" + stage;
    }

    /** A header's value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The query parameters (API Gateway joins repeated ones with commas); never null. */
    public Map<String, String> query() {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? Map.of() : query;
    }

    public String queryParameter(String name) {
        return query().get(name);
    }

    public String pathParameter(String name) {
        Map<String, String> path = event.getPathParameters();
        return path == null ? null : path.get(name);
    }

    /** The body's bytes, or null when there is none. */
    public byte[] body() {
        String body = event.getBody();
        if (body == null) {
            return null;
        }
        if (!event.getIsBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw ApiError.badBody("", "The request body is not valid base64.");
        }
    }
}
