package dev.orginvites.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.devkit.LambdaContext;
import dev.orginvites.shared.http.RequestPipeline;
import dev.orginvites.shared.http.RequestLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Does locally what API Gateway's HTTP API does in front of the functions, answering as it answers: takes the whole
 * request (413 over 10 MB), matches the route (404 {@code {"message":"Not Found"}}; HTTP APIs have no 405), throttles
 * it as the template's default route settings say (429 {@code {"message":"Too Many Requests"}}; {@link Throttle}), runs
 * the JWT authorizer (401 {@code {"message":"Unauthorized"}}, with a {@code www-authenticate} challenge for an invalid
 * token), turns the HTTP request into the payload 2.0 event API Gateway would send, invokes the handler in-process
 * and turns its response back into HTTP. Every response carries an {@code apigw-requestid}, as API Gateway's do,
 * and CORS is applied as the API's configuration says ({@link Cors}).
 * Paths under {@code /_local/} are the local API's own ({@link LocalEndpoints}), which nothing deployed has.
 *
 * <p>With a base path ({@code /rest}), everything is served under it, as a named stage of the deployed API serves
 * it: a path outside it is a 404 {@code {"message":"Not Found"}}, the routes and {@code /_local/} are matched on what
 * follows it, and the event carries the stage ({@code rest}) and the whole path as API Gateway sends them.
 */
final class Gateway implements HttpHandler {
    /** API Gateway's payload limit. */
    static final int MAX_BODY = 10 * 1024 * 1024;
    /** What the request log says for the route of a request that matched none: raw paths are never logged. */
    static final String NO_ROUTE = "-";

    /** An answer of API Gateway itself, as its front end sends it. */
    enum Refusal {
        PAYLOAD_TOO_LARGE(413, "text; charset=utf-8", "HTTP content length exceeded " + MAX_BODY + " bytes.",
                "payload-too-large"),
        NOT_FOUND(404, "application/json", "{\"message\":\"Not Found\"}", "route-not-found"),
        UNAUTHORIZED(401, "application/json", "{\"message\":\"Unauthorized\"}", "unauthorized"),
        TOO_MANY_REQUESTS(429, "application/json", "{\"message\":\"Too Many Requests\"}", "throttled"),
        INTERNAL(500, "application/json", "{\"message\":\"Internal Server Error\"}", "internal");

        final int status;
        final String contentType;
        final String body;
        /** The code the request log records. */
        final String code;

        Refusal(int status, String contentType, String body, String code) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
            this.code = code;
        }
    }

    private final Router router;
    private final TokenVerifier tokens;
    private final RequestLog log;
    private final LocalEndpoints local;
    private final Cors cors;
    private final Throttle throttle;
    private final String basePath;

    /**
     * @param local what the local API serves under {@code /_local/}, ahead of the routes and without a token
     * @param throttle the routes' throttling ({@link Throttle#OFF} for none)
     * @param basePath empty (the root, as the {@code $default} stage), or {@code /<stage>}: see the class comment
     */
    Gateway(Router router, TokenVerifier tokens, RequestLog log, LocalEndpoints local, Cors cors, Throttle throttle,
            String basePath) {
        this.router = router;
        this.tokens = tokens;
        this.log = log;
        this.local = local;
        this.cors = cors;
        this.throttle = throttle;
        this.basePath = basePath;
    }

    /**
     * The path requested less the base path, which API Gateway routes on; null for a path outside the base path,
     * which no stage serves.
     */
    static String routed(String basePath, String rawPath) {
        if (basePath.isEmpty()) {
            return rawPath;
        }
        return rawPath.startsWith(basePath + "/") ? rawPath.substring(basePath.length()) : null;
    }

    /** The stage a base path is served on, as the event names it. */
    static String stage(String basePath) {
        return basePath.isEmpty() ? HttpApiEvents.DEFAULT_STAGE : basePath.substring(1);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        try (exchange) {
            String path = routed(basePath, exchange.getRequestURI().getRawPath());
            if (path != null && LocalEndpoints.serves(path)) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                local.handle(exchange, path);
                return;
            }
            exchange.getResponseHeaders().set("apigw-requestid", gatewayRequestId());
            if (path == null) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                refuse(exchange, Refusal.NOT_FOUND, null, NO_ROUTE, started);
                return;
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            if (cors.isPreflight(method, exchange.getRequestHeaders())) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                cors.preflight(exchange.getRequestHeaders(), exchange.getResponseHeaders());
                respond(exchange, 204, null, new byte[0]);
                log.request(RequestLog.Entry.of(RequestPipeline.requestId(null), NO_ROUTE, 204,
                        (System.nanoTime() - started) / 1_000));
                return;
            }
            cors.actual(exchange.getRequestHeaders(), exchange.getResponseHeaders());
            Router.Match match = router.match(method, path);
            String route = match.found() ? match.entry().route().routeKey() : NO_ROUTE;
            try {
                byte[] body = readBody(exchange.getRequestBody());
                if (body == null) {
                    refuse(exchange, Refusal.PAYLOAD_TOO_LARGE, null, route, started);
                    return;
                }
                if (!match.found()) {
                    refuse(exchange, Refusal.NOT_FOUND, null, route, started);
                    return;
                }
                // Throttled per route, before the token is checked: a refused request costs no function either way
                // (AWS does not document which of the two API Gateway applies first).
                if (!throttle.admit(route)) {
                    refuse(exchange, Refusal.TOO_MANY_REQUESTS, null, route, started);
                    return;
                }
                Map<String, Object> claims;
                try {
                    claims = tokens.verify(exchange.getRequestHeaders().getFirst("authorization"));
                } catch (TokenVerifier.Refused refused) {
                    refuse(exchange, Refusal.UNAUTHORIZED, refused.challenge(), route, started);
                    return;
                }
                APIGatewayV2HTTPResponse response = match.entry().handler().handleRequest(
                        event(exchange, match, claims, body, stage(basePath)),
                        LambdaContext.invocation(match.entry().route().functionId(), match.entry().route().timeout()));
                if (response.getMultiValueHeaders() != null) {
                    response.getMultiValueHeaders().forEach(exchange.getResponseHeaders()::put);
                }
                respond(exchange, response.getStatusCode(), response.getHeaders(), bytes(response));
            } catch (RuntimeException e) {
                // Only a bug lands here (the handlers answer every request themselves): API Gateway's answer when
                // an integration fails.
                refuse(exchange, Refusal.INTERNAL, null, route, started);
                e.printStackTrace();
            }
        }
    }

    /** An id shaped like API Gateway's ({@code Mc7UVioPPHcEKPA=}): 11 random bytes, base64. */
    private static String gatewayRequestId() {
        byte[] id = new byte[11];
        ThreadLocalRandom.current().nextBytes(id);
        return Base64.getEncoder().encodeToString(id);
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, Router.Match match, Map<String, Object> claims,
            byte[] body, String stage) {
        HttpApiEvents event = HttpApiEvents.request(match.entry().route().method(), match.entry().route().path())
                .stage(stage)
                .rawPath(exchange.getRequestURI().getRawPath())
                .sourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                .rawQuery(exchange.getRequestURI().getRawQuery())
                .jwt(claims);
        match.pathParameters().forEach(event::path);
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> event.addHeader(name, value)));
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

    /**
     * The whole body, or null when it exceeds API Gateway's limit; the excess is read and discarded so that the
     * client, still sending, gets the answer rather than a reset connection.
     */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
        return body;
    }

    private static byte[] bytes(APIGatewayV2HTTPResponse response) {
        String body = response.getBody();
        return body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        if (headers != null) {
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Answers for API Gateway itself (no handler ran), and logs the request as the handlers do. */
    private void refuse(HttpExchange exchange, Refusal refusal, String challenge, String route, long started)
            throws IOException {
        if (challenge != null) {
            exchange.getResponseHeaders().set("www-authenticate", challenge);
        }
        respond(exchange, refusal.status, Map.of("content-type", refusal.contentType),
                refusal.body.getBytes(StandardCharsets.UTF_8));
        log.request(RequestLog.Entry.of(RequestPipeline.requestId(null), route, refusal.status,
                (System.nanoTime() - started) / 1_000).error(refusal.code, null));
    }
}
