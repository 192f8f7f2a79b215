package dev.orginvites.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.Endpoint;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiException;
import dev.orginvites.shared.jsonapi.Documents;
import dev.orginvites.shared.jsonapi.Echo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Does locally what API Gateway does in front of the functions: matches the route (404, or 405 for a method the
 * path does not allow), runs the authorizer (401), turns the HTTP request into the payload 2.0 event API Gateway
 * would send, invokes the handler in-process and turns its response back into HTTP.
 */
final class Gateway implements HttpHandler {
    /** Larger bodies are refused as API Gateway refuses payloads over its limit (10 MB); ours are far smaller. */
    private static final int MAX_BODY = 10 * 1024 * 1024;
    /** What the log says for a request no route matched: never the path, which may hold anything. */
    private static final String NO_ROUTE = "-";

    private final Router router;
    private final TokenVerifier tokens;
    private final RequestLog log;

    Gateway(Router router, TokenVerifier tokens, RequestLog log) {
        this.router = router;
        this.tokens = tokens;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        Router.Match match = router.match(method, rawPath);
        try (exchange) {
            if (!match.found()) {
                if (!match.allowed().isEmpty()) {
                    exchange.getResponseHeaders().set("allow", String.join(", ", match.allowed()));
                    reject(exchange, ApiException.methodNotAllowed(method + " is not allowed on " + Echo.of(rawPath)
                            + "; allowed: " + String.join(", ", match.allowed()) + "."), NO_ROUTE, started);
                } else {
                    reject(exchange, ApiException.noRoute("No route serves " + Echo.of(method + " " + rawPath) + "."),
                            NO_ROUTE, started);
                }
                return;
            }
            String routeKey = match.entry().route().routeKey();
            Map<String, Object> claims;
            try {
                claims = tokens.verify(exchange.getRequestHeaders().getFirst("authorization"));
            } catch (ApiException unauthorized) {
                reject(exchange, unauthorized, routeKey, started);
                return;
            }
            APIGatewayV2HTTPResponse response = match.entry().handler().handleRequest(event(exchange, match, claims), null);
            respond(exchange, response);
        } catch (ApiException refused) {
            reject(exchange, refused, match.found() ? match.entry().route().routeKey() : NO_ROUTE, started);
        } catch (RuntimeException e) {
            // Only a bug here (the handlers answer every request themselves) lands here.
            reject(exchange, ApiException.internal(), match.found() ? match.entry().route().routeKey() : NO_ROUTE,
                    started);
            e.printStackTrace();
        }
    }

    private APIGatewayV2HTTPEvent event(HttpExchange exchange, Router.Match match, Map<String, Object> claims)
            throws IOException {
        HttpApiEvents event = HttpApiEvents.request(match.entry().route().method(), match.entry().route().path())
                .rawPath(exchange.getRequestURI().getRawPath())
                .sourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .rawQuery(exchange.getRequestURI().getRawQuery())
                .jwt(claims);
        match.pathParameters().forEach(event::path);
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> event.addHeader(name, value)));
        byte[] body = readBody(exchange.getRequestBody());
        if (body.length > 0) {
            String contentType = exchange.getRequestHeaders().getFirst("content-type");
            if (isText(contentType)) {
                event.body(new String(body, StandardCharsets.UTF_8), false);
            } else {
                event.body(Base64.getEncoder().encodeToString(body), true);
            }
        }
        return event.build();
    }

    /** API Gateway passes text bodies as they are and base64-encodes the rest. */
    private static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.endsWith("/json") || type.endsWith("+json")
                || type.endsWith("/xml") || type.endsWith("+xml") || type.equals("application/javascript")
                || type.equals("application/x-www-form-urlencoded");
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw ApiException.badBody("", "The request body exceeds API Gateway's limit of 10 MB.");
        }
        return body;
    }

    private static void respond(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.getStatusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Answers for API Gateway itself (no handler ran), with the same document and log line the handlers use. */
    private void reject(HttpExchange exchange, ApiException error, String route, long started) throws IOException {
        String requestId = Endpoint.requestId(exchange.getRequestHeaders().getFirst(Endpoint.REQUEST_ID));
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(error.status())
                .withHeaders(Map.of("content-type", Documents.MEDIA_TYPE, Endpoint.REQUEST_ID, requestId))
                .withBody(Documents.error(error, requestId))
                .build();
        respond(exchange, response);
        log.request(RequestLog.Entry.of(requestId, route, error.status(), (System.nanoTime() - started) / 1_000)
                .error(error.code(), null));
    }
}
