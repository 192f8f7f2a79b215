package dev.orginvites.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.version.ReleaseTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipeline every request passes, with a plain action in place of an operation's work: each check answers with its
 * own status and error, in the documented order; the action runs only for a request that passed them all; whatever
 * happens the answer carries the request id, and the request is logged once.
 */
class RequestPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String ORG = "6a1b0f4e-2c43-4f27-9c4b-8f0e4b2b7d11";
    private static final String OTHER_ORG = "0e9d3c1b-8a7f-4e6d-9c5b-4a3f2e1d0c9b";
    private static final String THING = "0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e";
    private static final String ROUTE = "GET /orgs/{org_id}/things/{thing_id}";
    /** Two ids in the path, two permissions, one query parameter, no body; an older release that is past sunset. */
    private static final Operation OPERATION = new Operation(ROUTE, ReleaseTable.of("2022-06-01", "2024-06-21"),
            List.of(Permission.ORG_READ, Permission.ORG_USER_READ), Set.of("limit"), false, null, null, List.of());

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final RequestPipeline pipeline = new RequestPipeline(OPERATION, Clock.fixed(NOW, ZoneOffset.UTC),
            new RequestLog(new PrintStream(logged, true, StandardCharsets.UTF_8)));
    private final AtomicReference<CheckedRequest> reached = new AtomicReference<>();
    private final RequestPipeline.Action ok = request -> {
        reached.set(request);
        return ApiResponse.document(200, "{\"data\":[]}").header("x-action", "ran");
    };

    /** A request every check lets through, for the version given. */
    private static HttpApiEvents valid(String version) {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/things/{thing_id}").typicalHeaders()
                .path("org_id", ORG).path("thing_id", THING).query("version", version)
                .jwt("auth0|caller", ORG, Permission.ORG_READ, Permission.ORG_USER_READ);
    }

    private static HttpApiEvents valid() {
        return valid("2024-10-15");
    }

    /** One check's failure: how to make a valid request fail it, and what it answers. */
    record Breaker(String step, Consumer<HttpApiEvents> breaks, int status, String code, String parameter) {
        @Override
        public String toString() {
            return step;
        }
    }

    /** The pipeline's checks, in the order it makes them. */
    private static final List<Breaker> STEPS = List.of(
            new Breaker("no claims", r -> r.jwt((java.util.Map<String, ?>) null), 401, "unauthorized", null),
            // API Gateway joins a repeated parameter's values with commas: "2024-10-15,yesterday" is no date.
            new Breaker("malformed version", r -> r.query("version", "yesterday"), 400, "invalid-parameter",
                    "version"),
            new Breaker("first path id", r -> r.path("org_id", "not-a-uuid"), 400, "invalid-parameter", "org_id"),
            new Breaker("second path id", r -> r.path("thing_id", "1' or '1'='1"), 400, "invalid-parameter",
                    "thing_id"),
            new Breaker("org of another token", r -> r.jwt("auth0|caller", OTHER_ORG, Permission.ORG_READ),
                    404, "org-not-found", null),
            new Breaker("a permission missing", r -> r.jwt("auth0|caller", ORG, Permission.ORG_READ), 403,
                    "forbidden", null),
            new Breaker("unknown query parameter", r -> r.query("sort", "email"), 400, "invalid-parameter", "sort"),
            new Breaker("body on a body-less operation", r -> r.body("{}", false), 400, "invalid-request-body",
                    null));

    /**
     * For each step: a request that fails it and every later step gets that step's answer, so each check is tested on
     * its own (the last) and before all those after it.
     */
    static Stream<Arguments> failingFromEachStep() {
        return IntStream.range(0, STEPS.size()).mapToObj(i -> Arguments.of(STEPS.get(i), STEPS.subList(i, STEPS.size())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingFromEachStep")
    void eachCheckAnswersBeforeTheLaterOnesAndTheActionNeverRuns(Breaker first, List<Breaker> broken)
            throws Exception {
        HttpApiEvents request = valid();
        for (int i = broken.size() - 1; i >= 0; i--) {
            broken.get(i).breaks().accept(request);
        }

        APIGatewayV2HTTPResponse response = pipeline.handle(request.build(), null, ok);

        assertEquals(first.status(), response.getStatusCode(), response.getBody());
        assertNull(reached.get(), "the action ran for a request that failed " + first.step());
        JsonNode error = JSON.readTree(response.getBody()).path("errors").path(0);
        assertEquals(first.code(), error.path("code").asText(), response.getBody());
        assertEquals(String.valueOf(first.status()), error.path("status").asText());
        assertEquals(first.parameter() == null ? "" : first.parameter(), error.at("/source/parameter").asText());
        assertEquals(response.getHeaders().get("snyk-request-id"), error.path("id").asText());
        assertEquals("application/vnd.api+json", response.getHeaders().get("content-type"));
        // The version headers are there once the version is resolved, which is the second step.
        boolean resolved = STEPS.indexOf(first) > 1;
        assertEquals(resolved ? "2024-06-21" : null, response.getHeaders().get("snyk-version-served"));
        JsonNode line = onlyLogLine();
        assertEquals(first.status(), line.path("status").asInt());
        assertEquals(first.code(), line.path("error_code").asText());
        assertEquals("INFO", line.path("level").asText());
    }

    @Test
    void aRequestThatPassesReachesTheActionWithWhatItNeeds() throws Exception {
        APIGatewayV2HTTPResponse response = pipeline.handle(valid().path("org_id", ORG.toUpperCase())
                .path("thing_id", THING.toUpperCase()).query("limit", "20").build(), null, ok);

        assertEquals(200, response.getStatusCode(), response.getBody());
        CheckedRequest request = reached.get();
        assertEquals(ORG, request.orgId(), "the org id in canonical form");
        assertEquals(THING, request.id("thing_id"));
        assertEquals("auth0|caller", request.claims().subject());
        assertEquals("2024-06-21", request.version().served().toString());
        assertEquals("2024-10-15", request.requestedVersion());
        assertEquals(NOW, request.now());
        assertEquals("ran", response.getHeaders().get("x-action"), "the action's own headers are kept");
        assertEquals("2024-10-15", response.getHeaders().get("snyk-version-requested"));
        assertEquals("2024-06-21", response.getHeaders().get("snyk-version-served"));
        assertEquals("ga", response.getHeaders().get("snyk-version-lifecycle-stage"));
        assertFalse(response.getHeaders().containsKey("sunset"));
        JsonNode line = onlyLogLine();
        assertEquals(ROUTE, line.path("route").asText());
        assertEquals(ORG, line.path("org_id").asText());
        assertEquals("auth0|caller", line.path("sub").asText());
        assertEquals(200, line.path("status").asInt());
        assertEquals("2024-06-21", line.path("version").asText());
        assertTrue(line.path("error_code").isMissingNode(), line.toString());
    }

    @Test
    void anOlderReleaseIsServedWithItsDeprecationAndSunset() {
        APIGatewayV2HTTPResponse response = pipeline.handle(valid("2023-01-01").build(), null, ok);

        assertEquals(200, response.getStatusCode());
        assertEquals("2022-06-01", reached.get().version().served().toString());
        assertEquals("sunset", response.getHeaders().get("snyk-version-lifecycle-stage"));
        assertEquals("2024-06-21T00:00:00Z", response.getHeaders().get("deprecation"));
        assertEquals("2024-12-19", response.getHeaders().get("sunset"));
    }

    @ParameterizedTest(name = "version={0}")
    @ValueSource(strings = {"", "2020-01-01", "2024-10-15~beta", "2099-01-01"})
    void aVersionNoReleaseServesIsRefused(String version) throws Exception {
        APIGatewayV2HTTPResponse response = pipeline.handle(valid(version).build(), null, ok);

        JsonNode error = JSON.readTree(response.getBody()).path("errors").path(0);
        boolean notFound = version.equals("2020-01-01") || version.endsWith("~beta");
        assertEquals(notFound ? 404 : 400, response.getStatusCode(), response.getBody());
        assertEquals(notFound ? "version-not-found" : "invalid-parameter", error.path("code").asText());
        assertNull(reached.get());
    }

    @Test
    void anErrorTheActionThrowsIsItsAnswer() throws Exception {
        APIGatewayV2HTTPResponse response = pipeline.handle(valid().build(), null, request -> {
            throw ApiError.conflict("invite-already-pending", "/data/attributes/email", "Already pending.");
        });

        assertEquals(409, response.getStatusCode());
        JsonNode error = JSON.readTree(response.getBody()).path("errors").path(0);
        assertEquals("invite-already-pending", error.path("code").asText());
        assertEquals("/data/attributes/email", error.at("/source/pointer").asText());
        assertEquals("2024-06-21", response.getHeaders().get("snyk-version-served"));
        assertEquals("invite-already-pending", onlyLogLine().path("error_code").asText());
    }

    @Test
    void anUnexpectedFailureIsA500ThatNamesNoInternalsAndIsLoggedWithItsCause() throws Exception {
        APIGatewayV2HTTPResponse response = pipeline.handle(valid().build(), null, request -> {
            throw new IllegalStateException("table org-invites-prod unreachable for ann@example.com");
        });

        assertEquals(500, response.getStatusCode());
        JsonNode error = JSON.readTree(response.getBody()).path("errors").path(0);
        assertEquals("internal-error", error.path("code").asText());
        assertEquals(response.getHeaders().get("snyk-request-id"), error.path("id").asText());
        for (String internal : List.of("IllegalState", "org-invites-prod", "ann@example.com", "dev.orginvites", "at ")) {
            assertFalse(response.getBody().contains(internal), response.getBody());
        }
        JsonNode line = onlyLogLine();
        assertEquals("ERROR", line.path("level").asText());
        assertEquals(IllegalStateException.class.getName(), line.path("error").asText());
        assertTrue(line.path("stack_trace").asText().contains("org-invites-prod"), line.toString());
        assertFalse(line.toString().contains("ann@example.com"), "an address in the log: " + line);
    }

    @Test
    void noEventAtAllIsA401() {
        APIGatewayV2HTTPResponse response = pipeline.handle(null, null, ok);

        assertEquals(401, response.getStatusCode());
        assertNull(reached.get());
        onlyLogLine();
    }

    @Test
    void aRequestIdThatIsAUuidIsEchoedInCanonicalForm() throws Exception {
        String given = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse success = pipeline.handle(valid().header("snyk-request-id", given.toUpperCase())
                .build(), null, ok);
        APIGatewayV2HTTPResponse failure = pipeline.handle(valid().header("snyk-request-id", given.toUpperCase())
                .jwt((java.util.Map<String, ?>) null).build(), null, ok);

        assertEquals(given, success.getHeaders().get("snyk-request-id"));
        assertEquals(given, failure.getHeaders().get("snyk-request-id"));
        assertEquals(given, JSON.readTree(failure.getBody()).at("/errors/0/id").asText());
        for (String line : logLines()) {
            assertEquals(given, JSON.readTree(line).path("request_id").asText());
        }
    }

    @ParameterizedTest(name = "snyk-request-id: {0}")
    @ValueSource(strings = {"", "abc", "not-a-uuid-but-long-enough-to-look-like-one", "eyJhbGciOiJIUzI1NiJ9.x.y",
            "6a1b0f4e-2c43-4f27-9c4b-8f0e4b2b7d11\n"})
    void anyOtherRequestIdIsReplacedByAFreshOne(String given) {
        APIGatewayV2HTTPResponse first = pipeline.handle(valid().header("snyk-request-id", given).build(), null, ok);
        APIGatewayV2HTTPResponse second = pipeline.handle(valid().header("snyk-request-id", given).build(), null, ok);

        String id = first.getHeaders().get("snyk-request-id");
        assertTrue(Ids.isUuid(id), id);
        assertNotEquals(given, id);
        assertNotEquals(id, second.getHeaders().get("snyk-request-id"), "each request gets its own");
    }

    @Test
    void withoutARequestIdEachRequestGetsItsOwn() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(pipeline.handle(valid().build(), null, ok).getHeaders().get("snyk-request-id"));
        }

        assertEquals(3, ids.stream().distinct().count(), ids.toString());
        assertTrue(ids.stream().allMatch(Ids::isUuid), ids.toString());
        assertEquals(3, logLines().size(), "one log line per request");
    }

    /** An operation under no org: a body, no permission, no query parameter. */
    private static final Operation ORGLESS = new Operation("POST /things/claim", ReleaseTable.of("2024-10-15"),
            List.of(), Set.of(), true, null, null, List.of());

    private APIGatewayV2HTTPResponse claim(HttpApiEvents request) {
        RequestPipeline orgless = new RequestPipeline(ORGLESS, Clock.fixed(NOW, ZoneOffset.UTC),
                new RequestLog(new PrintStream(logged, true, StandardCharsets.UTF_8)));
        return orgless.handle(request.build(), null, ok);
    }

    private static HttpApiEvents claimRequest() {
        return HttpApiEvents.request("POST", "/things/claim").typicalHeaders().query("version", "2024-10-15")
                .json("{}");
    }

    /**
     * A route under no org has no org to hide and grants no permission: a token scoped to any org, or to none, with
     * any permissions, reaches the action, which reads the caller's address and whether it is verified.
     */
    @Test
    void aCallerOfARouteUnderNoOrgReachesTheActionWhateverItsTokensOrgAndPermissions() throws Exception {
        APIGatewayV2HTTPResponse response = claim(claimRequest().jwt(java.util.Map.of("sub", "auth0|invitee",
                "org_id", OTHER_ORG, "email", "Ada@Example.com", "email_verified", true)));

        assertEquals(200, response.getStatusCode(), response.getBody());
        CheckedRequest request = reached.get();
        assertNull(request.orgId(), "no org in the path, none checked");
        assertEquals("auth0|invitee", request.claims().subject());
        assertEquals("Ada@Example.com", request.claims().verifiedEmail());
        JsonNode line = onlyLogLine();
        assertEquals("POST /things/claim", line.path("route").asText());
        assertTrue(line.path("org_id").isMissingNode(), line.toString());

        reached.set(null);
        assertEquals(200, claim(claimRequest().jwt("auth0|invitee", null)).getStatusCode());
        assertNull(reached.get().claims().verifiedEmail(), "no email claim, no verified address");
    }

    @Test
    void aRouteUnderNoOrgStillAuthenticatesAndChecksItsVersionQueryAndBody() throws Exception {
        APIGatewayV2HTTPResponse anonymous = claim(claimRequest());
        APIGatewayV2HTTPResponse unversioned = claim(HttpApiEvents.request("POST", "/things/claim").typicalHeaders()
                .jwt("auth0|invitee", null).json("{}"));
        APIGatewayV2HTTPResponse unknownParameter = claim(claimRequest().jwt("auth0|invitee", null)
                .query("org_id", ORG));

        assertEquals(401, anonymous.getStatusCode());
        assertEquals(400, unversioned.getStatusCode());
        assertEquals("version", JSON.readTree(unversioned.getBody()).at("/errors/0/source/parameter").asText());
        assertEquals(400, unknownParameter.getStatusCode());
        assertEquals("org_id", JSON.readTree(unknownParameter.getBody()).at("/errors/0/source/parameter").asText());
        assertNull(reached.get(), "the action never ran");
    }

    /** Permissions are granted in an org: a route that names none cannot require one. */
    @Test
    void aRouteUnderNoOrgCannotRequireAPermission() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new Operation("POST /things/claim",
                        ReleaseTable.of("2024-10-15"), List.of(Permission.ORG_READ), Set.of(), true, null, null,
                        List.of()));
        assertTrue(refused.getMessage().contains("names no org"), refused.getMessage());
        assertTrue(OPERATION.underOrg());
        assertFalse(ORGLESS.underOrg());
    }

    private List<String> logLines() {
        return logged.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private JsonNode onlyLogLine() {
        List<String> lines = logLines();
        assertEquals(1, lines.size(), lines.toString());
        try {
            return JSON.readTree(lines.get(0));
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + lines.get(0), e);
        }
    }
}
