package dev.orginvites.shared.http;

import dev.orginvites.shared.jsonapi.JsonApiDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an operation answers: a status, a JSON:API body (or none) and any headers of its own. */
public final class ApiResponse {
    private final int status;
    private final String body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ApiResponse(int status, String body) {
        this.status = status;
        this.body = body;
        if (body != null) {
            headers.put("content-type", JsonApiDocument.MEDIA_TYPE);
        }
    }

    public static ApiResponse document(int status, String body) {
        return new ApiResponse(status, body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The body, or null for none. */
    public String body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
