package dev.orginvites.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.orginvites.shared.jsonapi.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A null-safe view of an HTTP API (payload v2) event: headers by lower-cased name, query and path parameters,
 * and the body as bytes (decoded from base64 when API Gateway encoded it).
 */
public final class ApiRequest {
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
