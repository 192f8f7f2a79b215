package dev.orginvites.testkit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds every interaction a test produces to the API's OpenAPI document ({@link ApiDocument}, committed as
 * {@code contract/org-invites-api.yml}: Snyk's published spec with this API's operations and additions), with
 * Atlassian's OpenAPI validator:
 *
 * <ul>
 *   <li>every response, success or error, must be one the document allows for its operation: status, headers,
 *       body;</li>
 *   <li>a request that gets a 2xx must be one the document accepts, so the tests cannot drift from the contract
 *       (requests it rejects are what the error tests send on purpose: they must get a 4xx).</li>
 * </ul>
 *
 * Snyk's spec is the one Snyk compiles for today's version, so it describes each operation's latest release. An
 * interaction served by an older release ({@code snyk-version-served}) is held to that release's shapes: the
 * document with the release's patch from the overlay {@code snyk-overlay.yml} applied. The overlay also
 * lists the deliberate departures; the document has those that are shapes (in the overlay's {@code patch}: the
 * membership's user id is a token's {@code sub}, the names this API may not have are not required, the members
 * list's refused parameters are not listed; in its {@code additions}: the create's 409, {@code Idempotency-Key} and
 * its answers), and the security schemes are not checked here, as the API Gateway authorizer enforces
 * authentication before a function runs.
 */
public final class Contract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode OWN = ApiDocument.OWN;
    private static final JsonNode OVERLAY = ApiDocument.OVERLAY;
    /** The API's document: Snyk's spec with this API's own operations and additions. */
    private static final JsonNode SPEC = ApiDocument.build();
    private static final OpenApiInteractionValidator LATEST = validator(SPEC);
    /** Validators for older releases, by operation id and release, built on first use. */
    private static final Map<String, OpenApiInteractionValidator> OLDER = new ConcurrentHashMap<>();

    private Contract() {
    }

    /** Snyk's operations this API serves, as route keys ({@code POST /orgs/{org_id}/invites}). */
    public static Set<String> snykRoutes() {
        return routes(ApiDocument.SNYK_SERVED);
    }

    /** The operations this API adds, described in {@code org-invites-openapi.yml}, as route keys. */
    public static Set<String> ownRoutes() {
        return routes(OWN);
    }

    static Set<String> routes(JsonNode spec) {
        Set<String> routes = new TreeSet<>();
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return routes;
    }





    /**
     * The releases the document lists for the operation of a route ({@code POST /orgs/{org_id}/invites}), oldest
     * first; empty when the document has no such operation.
     */
    public static List<String> releasesOfRoute(String routeKey) {
        String[] methodAndPath = routeKey.split(" ", 2);
        List<String> releases = new ArrayList<>();
        SPEC.path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase(Locale.ROOT))
                .path("x-snyk-api-releases").forEach(release -> releases.add(release.asText()));
        return releases;
    }

    /** The releases the spec lists for an operation ({@code x-snyk-api-releases}), oldest first. */
    public static List<String> releases(String operationId) {
        List<String> releases = new ArrayList<>();
        operation(operationId).path("x-snyk-api-releases").forEach(release -> releases.add(release.asText()));
        return releases;
    }

    /** The releases of an operation the overlay describes (those older than the spec's own). */
    public static List<String> overlaidReleases(String operationId) {
        List<String> releases = new ArrayList<>();
        OVERLAY.path("operations").path(operationId).fieldNames().forEachRemaining(releases::add);
        return releases;
    }

    /** The handler, with every request it answers checked against the contract. */
    public static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> checked(
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        return (event, context) -> {
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, context);
            check(event, response);
            return response;
        };
    }

    /** @throws AssertionError with the validator's messages when the interaction breaks the contract */
    public static void check(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        Request request = request(event);
        int status = response.getStatusCode();
        OpenApiInteractionValidator validator = validatorFor(request, response);
        if (status < 300) {
            ValidationReport requestReport = validator.validateRequest(request);
            if (requestReport.hasErrors()) {
                throw new AssertionError("a request the contract rejects got " + status + ": "
                        + requestReport.getMessages() + "\nrequest: " + event.getRouteKey() + " " + event.getRawPath()
                        + "?" + event.getRawQueryString() + " " + event.getBody());
            }
        }
        ValidationReport responseReport = validator.validateResponse(request.getPath(), request.getMethod(),
                response(response, status, response.getBody()));
        if (responseReport.hasErrors()) {
            throw new AssertionError("a response breaks the contract: " + responseReport.getMessages()
                    + "\nrequest: " + event.getRouteKey() + " " + event.getRawPath() + "?" + event.getRawQueryString()
                    + "\nresponse: " + status + " " + response.getHeaders() + " " + response.getBody());
        }
    }

    /** The spec as it stands for the release that served the response, if the overlay describes that release. */
    private static OpenApiInteractionValidator validatorFor(Request request, APIGatewayV2HTTPResponse response) {
        String served = response.getHeaders() == null ? null : response.getHeaders().get("snyk-version-served");
        String[] operation = operationOf(request);
        if (served == null || operation == null
                || !OVERLAY.path("operations").path(operation[2]).has(served)) {
            return LATEST;
        }
        return OLDER.computeIfAbsent(operation[2] + " " + served, key -> {
            ObjectNode spec = SPEC.deepCopy();
            JsonNode patched = ApiDocument.mergePatch(spec.path("paths").path(operation[0]).path(operation[1]),
                    OVERLAY.path("operations").path(operation[2]).path(served).path("patch"));
            ((ObjectNode) spec.path("paths").path(operation[0])).set(operation[1], patched);
            return validator(spec);
        });
    }

    /** {path template, method, operation id} of the spec's operation the request is for, or null. */
    private static String[] operationOf(Request request) {
        String method = request.getMethod().name().toLowerCase(Locale.ROOT);
        for (Iterator<Map.Entry<String, JsonNode>> paths = SPEC.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            // The spec's paths hold letters, '/', '_' and {parameters} only: no other character means anything to a regex.
            String pattern = path.getKey().replaceAll("\\{[^}]+}", "[^/]+");
            if (request.getPath().matches(pattern) && path.getValue().has(method)) {
                return new String[] {path.getKey(), method, path.getValue().path(method).path("operationId").asText()};
            }
        }
        return null;
    }


    private static JsonNode operation(String operationId) {
        for (JsonNode path : SPEC.path("paths")) {
            for (JsonNode operation : path) {
                if (operationId.equals(operation.path("operationId").asText())) {
                    return operation;
                }
            }
        }
        throw new IllegalArgumentException("the spec has no operation " + operationId);
    }

    private static OpenApiInteractionValidator validator(JsonNode spec) {
        try {
            return OpenApiInteractionValidator.createForInlineApiSpecification(JSON.writeValueAsString(spec))
                    .withBasePathOverride("/")
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                            .build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Request request(APIGatewayV2HTTPEvent event) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(
                event.getRequestContext().getHttp().getMethod(), event.getRawPath());
        if (event.getHeaders() != null) {
            // A Content-Type describes a body: without one there is nothing for it to describe or break.
            event.getHeaders().forEach((name, value) -> {
                if (event.getBody() != null || !name.equalsIgnoreCase("content-type")) {
                    request.withHeader(name, value);
                }
            });
        }
        Map<String, String> query = event.getQueryStringParameters();
        if (query != null) {
            query.forEach(request::withQueryParam);
        }
        if (event.getBody() != null) {
            request.withBody(bytes(event));
        }
        return request.build();
    }

    /** The body's bytes; a body flagged base64 that is not (only hostile tests send one) is taken as it is. */
    private static byte[] bytes(APIGatewayV2HTTPEvent event) {
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getMimeDecoder().decode(event.getBody());
            } catch (IllegalArgumentException notBase64) {
                // fall through
            }
        }
        return event.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Response response(APIGatewayV2HTTPResponse response, int status, String body) {
        SimpleResponse.Builder builder = new SimpleResponse.Builder(status);
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(builder::withHeader);
        }
        if (body != null) {
            builder.withBody(body);
        }
        return builder.build();
    }
}
