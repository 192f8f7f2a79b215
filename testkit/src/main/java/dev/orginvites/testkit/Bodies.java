package dev.orginvites.testkit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reading response bodies in tests, and quoting what a test writes into a request's. */
public final class Bodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Bodies() {
    }

    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException("response body is not JSON: " + response.getBody(), e);
        }
    }

    /** The single error object of an error document. */
    public static JsonNode error(APIGatewayV2HTTPResponse response) {
        JsonNode errors = body(response).path("errors");
        if (errors.size() != 1) {
            throw new AssertionError("expected one error object: " + response.getBody());
        }
        return errors.get(0);
    }

    /** The ids of a page's resources, in order. */
    public static List<String> ids(APIGatewayV2HTTPResponse response) {
        List<String> ids = new ArrayList<>();
        for (JsonNode resource : body(response).path("data")) {
            ids.add(resource.path("id").asText());
        }
        return ids;
    }

    /** {@code text} as a JSON string, quoted and escaped, for a request document a test writes. */
    public static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A link of the document's {@code links}, or null when it has none of that name. */
    public static String link(APIGatewayV2HTTPResponse response, String name) {
        JsonNode link = body(response).path("links").path(name);
        return link.isMissingNode() ? null : link.asText();
    }
}
