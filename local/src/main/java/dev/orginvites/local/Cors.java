package dev.orginvites.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP API's CORS configuration (template.yaml's {@code CorsConfiguration}, on for the origins the
 * {@code CorsAllowedOrigins} parameter lists, here {@code CORS_ALLOWED_ORIGINS}), applied as API Gateway applies it
 * (API Gateway developer guide, "Configure CORS for HTTP APIs"): the gateway itself answers a preflight
 * ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}), on any path, before routes and the
 * authorizer, with 204 and, for an allowed origin, the {@code access-control-allow-*} headers; to every other answer
 * for an allowed origin it adds {@code access-control-allow-origin} and {@code access-control-expose-headers}. With no
 * origins CORS is off: no CORS header is sent and an {@code OPTIONS} is a request like any other (404, no route).
 */
record Cors(List<String> origins, List<String> methods, List<String> headers, List<String> exposed, int maxAge) {
    static final Cors OFF = new Cors(List.of(), List.of(), List.of(), List.of(), 0);

    /**
     * The configuration the template gives the API when origins are allowed, with these origins.
     *
     * @param configuration the template's {@code CorsConfiguration} of the API, a {@code Fn::If} on the origins
     * @param origins       separated by commas, as the parameter takes them; blank for none
     */
    static Cors of(JsonNode configuration, String origins) {
        List<String> allowed = origins == null ? List.of()
                : Arrays.stream(origins.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
        if (allowed.isEmpty()) {
            return OFF;
        }
        JsonNode on = configuration.at("/Fn::If/1");
        if (!on.isObject()) {
            throw new IllegalStateException("the template's CorsConfiguration is not the Fn::If this API reads: "
                    + configuration);
        }
        return new Cors(allowed, strings(on.path("AllowMethods")), strings(on.path("AllowHeaders")),
                strings(on.path("ExposeHeaders")), on.path("MaxAge").asInt(0));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    boolean on() {
        return !origins.isEmpty();
    }

    /** Whether a request is a preflight, which the gateway answers itself when CORS is on. */
    boolean isPreflight(String method, Headers request) {
        return on() && method.equals("OPTIONS") && request.containsKey("origin")
                && request.containsKey("access-control-request-method");
    }

    /** The headers of the gateway's answer to a preflight. */
    void preflight(Headers request, Headers response) {
        String origin = allowedOrigin(request);
        if (origin == null) {
            return;
        }
        response.set("access-control-allow-origin", origin);
        response.set("access-control-allow-methods", String.join(",", methods));
        response.set("access-control-allow-headers", String.join(",", headers));
        if (maxAge > 0) {
            response.set("access-control-max-age", Integer.toString(maxAge));
        }
    }

    /** What the gateway adds to any other answer to an allowed origin. */
    void actual(Headers request, Headers response) {
        String origin = allowedOrigin(request);
        if (origin == null) {
            return;
        }
        response.set("access-control-allow-origin", origin);
        if (!exposed.isEmpty()) {
            response.set("access-control-expose-headers", String.join(",", exposed));
        }
    }

    /** The value of {@code access-control-allow-origin} for this request: {@code *}, its origin, or none. */
    private String allowedOrigin(Headers request) {
        String origin = request.getFirst("origin");
        if (!on() || origin == null) {
            return null;
        }
        if (origins.contains("*")) {
            return "*";
        }
        return origins.contains(origin) ? origin : null;
    }
}
