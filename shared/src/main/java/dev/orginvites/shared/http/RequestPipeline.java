package dev.orginvites.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.shared.auth.Claims;
import dev.orginvites.shared.auth.ClaimsReader;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.jsonapi.Echo;
import dev.orginvites.shared.jsonapi.ErrorDocuments;
import dev.orginvites.shared.version.Lifecycle;
import dev.orginvites.shared.version.Resolution;
import dev.orginvites.shared.version.Version;
import dev.orginvites.shared.version.VersionException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The request pipeline every operation shares. In order: request id, authentication (401), version (400, 404),
 * path ids (400), org visibility (404: an org the token is not scoped to is never revealed), permissions (403),
 * query parameters and, for operations that take none, the absence of a body (400); then the operation itself. An
 * operation under no org ({@link Operation#underOrg}) has no org to see and no permission to check. Whatever happens, the answer is a JSON:API response with
 * {@code snyk-request-id} and, once the version is resolved, the {@code snyk-version-*} headers; anything
 * unexpected becomes a 500 error document and its cause is logged, never returned.
 */
public final class RequestPipeline {
    public static final String VERSION = "version";
    public static final String ORG_ID = "org_id";
    /** The header that carries the request id, both ways. */
    public static final String REQUEST_ID = "snyk-request-id";

    /** The operation's own work, given a request that passed the checks. */
    public interface Action {
        ApiResponse handle(CheckedRequest call);
    }

    private final Operation operation;
    private final Clock clock;
    private final ClaimsReader claims = new ClaimsReader();
    private final RequestLog log;

    public RequestPipeline(Operation operation, Clock clock, RequestLog log) {
        this.operation = operation;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Answers one request.
     *
     * @param context the Lambda context, whose request id the log line carries; null off Lambda
     */
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context, Action action) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        ApiRequest request = new ApiRequest(event == null ? new APIGatewayV2HTTPEvent() : event);
        Map<String, String> headers = new LinkedHashMap<>();
        String requestId = requestId(request.header(REQUEST_ID));
        headers.put(REQUEST_ID, requestId);

        Claims caller = null;
        Resolution version = null;
        ApiResponse response;
        ApiError error = null;
        RuntimeException failure = null;
        try {
            caller = claims.read(request.event());
            if (caller == null) {
                throw ApiError.unauthorized();
            }
            version = resolve(request, now);
            versionHeaders(version, headers);
            checkIds(request);
            String orgId = operation.underOrg() ? Ids.canonical(request.pathParameter(ORG_ID)) : null;
            if (operation.underOrg() && !caller.canSee(orgId)) {
                throw ApiError.notFound("org-not-found", "Org " + orgId + " was not found.");
            }
            String missing = caller.missing(operation.permissions());
            if (missing != null) {
                throw ApiError.forbidden("This operation needs the permission " + missing + ".");
            }
            checkQuery(request);
            checkNoBody(request);
            response = action.handle(new CheckedRequest(request, caller, orgId, version, now));
        } catch (ApiError e) {
            error = e;
            response = ApiResponse.document(e.status(), ErrorDocuments.error(e, requestId));
            e.headers().forEach(response::header);
        } catch (RuntimeException e) {
            failure = e;
            error = ApiError.internal();
            response = ApiResponse.document(error.status(), ErrorDocuments.error(error, requestId));
        }
        headers.putAll(response.headers());
        long latencyMicros = (System.nanoTime() - started) / 1_000;
        log.request(RequestLog.Entry.of(requestId, operation.routeKey(), response.status(), latencyMicros)
                .awsRequestId(context == null ? null : context.getAwsRequestId())
                .org(request.pathParameter(ORG_ID))
                .caller(caller == null ? null : caller.subject())
                .served(version == null ? null : version.served().toString())
                .error(error == null ? null : error.code(), failure));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    /** The caller's {@code snyk-request-id} when it is a UUID (lower-cased), else a new one. */
    public static String requestId(String given) {
        return Ids.isUuid(given) ? Ids.canonical(given) : UUID.randomUUID().toString();
    }

    private Resolution resolve(ApiRequest request, Instant now) {
        String requested = request.queryParameter(VERSION);
        if (requested == null || requested.isEmpty()) {
            throw ApiError.badParameter(VERSION, "The query parameter 'version' is required, e.g. version="
                    + operation.releases().latest().date() + ".");
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try {
            return operation.releases().resolve(Version.parse(requested, today), today);
        } catch (VersionException e) {
            if (e.notFound()) {
                throw ApiError.notFound("version-not-found", e.getMessage());
            }
            throw ApiError.badParameter(VERSION, e.getMessage());
        }
    }

    private static void versionHeaders(Resolution version, Map<String, String> headers) {
        Lifecycle lifecycle = version.lifecycle();
        headers.put("snyk-version-requested", version.requested().toString());
        headers.put("snyk-version-served", version.served().toString());
        headers.put("snyk-version-lifecycle-stage", lifecycle.stage());
        lifecycle.deprecatedOn().ifPresent(date -> headers.put("deprecation", date + "T00:00:00Z"));
        lifecycle.sunsetOn().ifPresent(date -> headers.put("sunset", date.toString()));
    }

    private void checkIds(ApiRequest request) {
        for (String name : operation.idParameters()) {
            if (!Ids.isUuid(request.pathParameter(name))) {
                throw ApiError.badParameter(name, "The path parameter '" + name + "' must be a UUID.");
            }
        }
    }

    private void checkNoBody(ApiRequest request) {
        String body = request.event().getBody();
        if (!operation.takesBody() && body != null && !body.isEmpty()) {
            throw ApiError.badBody("", "This operation takes no request body.");
        }
    }

    private void checkQuery(ApiRequest request) {
        for (String name : request.query().keySet()) {
            if (!VERSION.equals(name) && !operation.queryParameters().contains(name)) {
                throw ApiError.badParameter(name, "Unknown query parameter '" + Echo.of(name) + "'.");
            }
        }
    }
}
