package dev.orginvites.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.testkit.Contract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls an API over HTTP and holds every answer a function gave to the contract, as the handler tests do. Answers
 * of API Gateway itself ({@code {"message": ...}} as {@code application/json}, or its 413) are not the contract's:
 * the tests assert them one by one.
 */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String url;

    ApiClient(String url) {
        this.url = url;
    }

    HttpResponse<String> send(String method, String pathAndQuery, String authorization, String body)
            throws IOException, InterruptedException {
        return send(method, pathAndQuery, authorization, body, Map.of());
    }

    /**
     * A request with more headers (a browser's {@code Origin}, a preflight's). A preflight ({@code OPTIONS}) is
     * answered by the gateway, so it is not held to the contract.
     */
    HttpResponse<String> send(String method, String pathAndQuery, String authorization, String body,
            Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/vnd.api+json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (!byGateway(response) && !method.equals("OPTIONS")) {
            checkContract(method, pathAndQuery, authorization, body, response);
        }
        return response;
    }

    /** Whether API Gateway answered, not a function: functions answer JSON:API documents, or nothing (204). */
    static boolean byGateway(HttpResponse<String> response) {
        String type = response.headers().firstValue("content-type").orElse("");
        return type.startsWith("application/json") || type.startsWith("text");
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void checkContract(String method, String pathAndQuery, String authorization, String body,
            HttpResponse<String> response) {
        URI uri = URI.create(pathAndQuery);
        String route = uri.getPath().matches("/orgs/[^/]+/invites") ? "/orgs/{org_id}/invites"
                : "/orgs/{org_id}/invites/{invite_id}";
        HttpApiEvents event = HttpApiEvents.request(method, route).rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery());
        if (authorization != null) {
            event.header("authorization", authorization);
        }
        if (body != null) {
            event.json(body);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        Contract.check(event.build(), APIGatewayV2HTTPResponse.builder().withStatusCode(response.statusCode())
                .withHeaders(headers).withBody(response.body().isEmpty() ? null : response.body()).build());
    }
}
