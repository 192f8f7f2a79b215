package dev.orginvites.create;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static dev.orginvites.testkit.Fixture.invitation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.shared.version.Version;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@EmulatorTest
class CreateInviteHandlerTest {
    private static final String ROUTE = "/orgs/{org_id}/invites";
    private static final String VERSION = "2024-10-15";

    private final Fixture fixture = new Fixture();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(new CreateInviteHandler(fixture.invitations, fixture.idempotencyKeys, fixture.clock,
            new RequestLog(new PrintStream(logs, true, StandardCharsets.UTF_8))));

    private HttpApiEvents request(String org, String version) {
        HttpApiEvents events = HttpApiEvents.request("POST", ROUTE).typicalHeaders().path("org_id", org).jwt("user-1", fixture.org, "org.user.invite");
        return version == null ? events : events.query("version", version);
    }

    private APIGatewayV2HTTPResponse create(String email, String role) {
        return handler.handleRequest(request(fixture.org, VERSION).json(invitation(email, role)).build(), null);
    }

    private int pendingInvites() {
        return fixture.invitations.list(fixture.org, PageRequest.first(100), fixture.clock.instant()).invites().size();
    }

    @Test
    void createsAnInvitationWithTheRoleById() {
        APIGatewayV2HTTPResponse response = create("Alice@Example.com", fixture.developer);

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("application/vnd.api+json", response.getHeaders().get("content-type"));
        JsonNode data = body(response).path("data");
        String id = data.path("id").asText();
        assertEquals(7, UUID.fromString(id).version(), "invite ids are UUIDv7");
        assertEquals("org_invitation", data.path("type").asText());
        assertEquals("Alice@Example.com", data.path("attributes").path("email").asText());
        assertTrue(data.path("attributes").path("is_active").asBoolean());
        assertEquals(fixture.developer, data.path("attributes").path("role").asText());
        assertEquals("org", data.at("/relationships/org/data/type").asText());
        assertEquals(fixture.org, data.at("/relationships/org/data/id").asText());
        assertEquals("/orgs/" + fixture.org, data.at("/relationships/org/links/related").asText());
        String path = "/orgs/" + fixture.org + "/invites/" + id;
        assertEquals(path, body(response).at("/links/self").asText());
        assertEquals(path, response.getHeaders().get("location"));
        assertEquals("1.0", body(response).at("/jsonapi/version").asText());
        assertEquals(1, pendingInvites());
    }

    /**
     * The org's quota on the table: the sends it allows, then a 429; a retry with the first create's
     * {@code Idempotency-Key} is answered from its record, at the quota too, and counts nothing.
     */
    @Test
    void beyondTheQuotaIsA429AndAReplayCountsNothing() {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> capped =
                Contract.checked(new CreateInviteHandler(
                fixture.withInviteQuota(new InviteQuota(2)).invitations(), fixture.idempotencyKeys, fixture.clock,
                RequestLog.discard()));
        HttpApiEvents keyed = request(fixture.org, VERSION).json(invitation("ada@example.com", fixture.developer))
                .header("Idempotency-Key", "\"k-1\"");
        APIGatewayV2HTTPResponse first = capped.handleRequest(keyed.build(), null);
        assertEquals(201, first.getStatusCode(), first.getBody());
        assertEquals(201, capped.handleRequest(request(fixture.org, VERSION)
                .json(invitation("bob@example.com", fixture.developer)).build(), null).getStatusCode());

        for (int i = 0; i < 3; i++) {
            APIGatewayV2HTTPResponse replayed = capped.handleRequest(keyed.build(), null);
            assertEquals(201, replayed.getStatusCode(), replayed.getBody());
            assertEquals("true", replayed.getHeaders().get("idempotent-replayed"));
            assertEquals(first.getBody(), replayed.getBody());
        }
        APIGatewayV2HTTPResponse refused = capped.handleRequest(request(fixture.org, VERSION)
                .json(invitation("carol@example.com", fixture.developer)).build(), null);

        assertEquals(429, refused.getStatusCode(), refused.getBody());
        assertEquals("invite-quota-exceeded", error(refused).path("code").asText());
        assertEquals(Long.toString(Duration.ofDays(1).toSeconds()), refused.getHeaders().get("retry-after"));
        assertEquals(2, pendingInvites());
    }

    @Test
    void answersWithTheVersionHeaders() {
        APIGatewayV2HTTPResponse response = create("bob@example.com", fixture.developer);

        assertEquals("2024-10-15", response.getHeaders().get("snyk-version-requested"));
        assertEquals("2024-06-21", response.getHeaders().get("snyk-version-served"));
        assertEquals("ga", response.getHeaders().get("snyk-version-lifecycle-stage"));
        assertNull(response.getHeaders().get("deprecation"));
        assertNull(response.getHeaders().get("sunset"));
        UUID.fromString(response.getHeaders().get("snyk-request-id"));
    }

    @Test
    void echoesTheCallersRequestIdWhenItIsAUuid() {
        String id = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse echoed = handler.handleRequest(request(fixture.org, VERSION)
                .header("snyk-request-id", id).json(invitation("a@example.com", fixture.developer)).build(), null);
        APIGatewayV2HTTPResponse replaced = handler.handleRequest(request(fixture.org, VERSION)
                .header("snyk-request-id", "not-a-uuid").json(invitation("b@example.com", fixture.developer)).build(), null);

        assertEquals(id, echoed.getHeaders().get("snyk-request-id"));
        assertNotEquals("not-a-uuid", replaced.getHeaders().get("snyk-request-id"));
        UUID.fromString(replaced.getHeaders().get("snyk-request-id"));
    }

    /** The release at {@code index} in the table, oldest first. */
    private static Version release(int index) {
        return CreateInviteHandler.RELEASES.releases().get(index);
    }

    /** A create body in the layout {@code release} reads. */
    private static String layout(Version release, String email, String role) {
        switch (CreateInviteHandler.RELEASES.behaviour(release)) {
            case TOP_LEVEL:
                return topLevel(email, role);
            case DOCUMENT_WITH_RELATIONSHIPS:
                return withRelationships(email, role);
            default:
                return invitation(email, role);
        }
    }

    private static String topLevel(String email, String role) {
        return "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}";
    }

    private static String withRelationships(String email, String role) {
        return "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"" + email + "\",\"role\":\""
                + role + "\"},\"relationships\":{\"org\":{\"data\":{\"type\":\"org\",\"id\":\"" + UUID.randomUUID()
                + "\"}}}}}";
    }

    private APIGatewayV2HTTPResponse createAt(String version, String body) {
        return handler.handleRequest(request(fixture.org, version).json(body).build(), null);
    }

    @Test
    void theReleasesAreTheOnesSnykPublishes() {
        assertEquals(Contract.releases("createOrgInvitation"),
                CreateInviteHandler.RELEASES.releases().stream().map(Version::toString).collect(Collectors.toList()));
    }

    static Stream<Arguments> versionHeaders() {
        return Stream.of(
                Arguments.of("2022-06-01", "2022-06-01", "sunset", "2023-04-28T00:00:00Z", "2023-10-26"),
                Arguments.of("2022-07-01", "2022-06-01", "sunset", "2023-04-28T00:00:00Z", "2023-10-26"),
                Arguments.of("2022-07-01~beta", "2022-06-01", "sunset", "2023-04-28T00:00:00Z", "2023-10-26"),
                Arguments.of("2023-04-27~experimental", "2022-06-01", "sunset", "2023-04-28T00:00:00Z", "2023-10-26"),
                Arguments.of("2023-04-28", "2023-04-28", "sunset", "2024-06-21T00:00:00Z", "2024-12-19"),
                Arguments.of("2024-06-20~beta", "2023-04-28", "sunset", "2024-06-21T00:00:00Z", "2024-12-19"),
                Arguments.of("2024-06-21", "2024-06-21", "ga", null, null),
                Arguments.of("2024-10-15", "2024-06-21", "ga", null, null));
    }

    /** Snyk's changelog, independently of the table: which release serves a date, and its lifecycle today. */
    @ParameterizedTest
    @MethodSource("versionHeaders")
    void eachReleaseIsServedInItsWindowWithItsLifecycle(String requested, String served, String stage,
            String deprecation, String sunset) {
        APIGatewayV2HTTPResponse response = createAt(requested,
                layout(Version.parse(served, LocalDate.now()), "carol@example.com", fixture.admin));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals(requested, response.getHeaders().get("snyk-version-requested"));
        assertEquals(served, response.getHeaders().get("snyk-version-served"));
        assertEquals(stage, response.getHeaders().get("snyk-version-lifecycle-stage"));
        assertEquals(deprecation, response.getHeaders().get("deprecation"));
        assertEquals(sunset, response.getHeaders().get("sunset"));
    }

    /** Every release reads its own layout, answers with the role's id and points its errors into that layout. */
    @Test
    void everyReleaseCreatesFromItsOwnLayoutAndShowsTheRoleById() {
        for (Version release : CreateInviteHandler.RELEASES.releases()) {
            String email = "release-" + release + "@example.com";
            String version = release.date().plusDays(1).toString();
            APIGatewayV2HTTPResponse created = createAt(version, layout(release, email, fixture.admin));

            assertEquals(201, created.getStatusCode(), release + ": " + created.getBody());
            assertEquals(release.toString(), created.getHeaders().get("snyk-version-served"));
            assertEquals(fixture.admin, body(created).at("/data/attributes/role").asText(), release.toString());
            assertEquals(email, body(created).at("/data/attributes/email").asText());

            String prefix = CreateInviteHandler.RELEASES.behaviour(release) == InvitationRequest.Reader.TOP_LEVEL
                    ? "" : "/data/attributes";
            APIGatewayV2HTTPResponse again = createAt(version, layout(release, email, fixture.developer));
            assertEquals(409, again.getStatusCode(), release + ": " + again.getBody());
            assertEquals(prefix + "/email", error(again).at("/source/pointer").asText());

            APIGatewayV2HTTPResponse unknownRole = createAt(version, layout(release, "x" + email, fixture.otherOrgsRole));
            assertEquals(400, unknownRole.getStatusCode(), release + ": " + unknownRole.getBody());
            assertEquals("role-not-found", error(unknownRole).path("code").asText());
            assertEquals(prefix + "/role", error(unknownRole).at("/source/pointer").asText());
        }
        assertEquals(CreateInviteHandler.RELEASES.releases().size(), pendingInvites());
    }

    static Stream<Arguments> firstReleaseBadBodies() {
        String role = "\"f1968726-1dca-42d4-a4dc-80cab99e2b6c\"";
        return Stream.of(
                Arguments.of(invitation("a@b.co", "f1968726-1dca-42d4-a4dc-80cab99e2b6c"), "/data"),
                Arguments.of("{\"email\":\"a@b.co\",\"role\":" + role + ",\"data\":{}}", "/data"),
                Arguments.of("{\"email\":\"a@b.co\",\"role\":" + role + ",\"name\":\"Ada\"}", "/name"),
                Arguments.of("{\"email\":\"a@b.co\",\"role\":" + role + ",\"a/b\":1}", "/a~1b"),
                Arguments.of("{\"role\":" + role + "}", "/email"),
                Arguments.of("{\"email\":\"a@b.co\"}", "/role"),
                Arguments.of("{\"email\":\"not-an-email\",\"role\":" + role + "}", "/email"),
                Arguments.of("{\"email\":\"a@b.co\",\"role\":\"Developer\"}", "/role"),
                Arguments.of("[]", ""),
                Arguments.of("{\"email\":\"a@b.co\",\"email\":\"c@d.co\",\"role\":" + role + "}", ""));
    }

    @ParameterizedTest
    @MethodSource("firstReleaseBadBodies")
    void theFirstReleaseReadsTopLevelMembersOnlyAndPointsAtTheProblem(String document, String pointer) {
        APIGatewayV2HTTPResponse response = createAt(release(0).date().plusDays(30).toString(), document);

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals(release(0).toString(), response.getHeaders().get("snyk-version-served"));
        assertEquals(pointer, error(response).at("/source/pointer").asText(), response.getBody());
        assertEquals(0, pendingInvites());
    }

    @Test
    void relationshipsAreIgnoredWhereTheReleaseHadThemAndRefusedOnceItDropped() {
        Version withRelationships = release(1);
        Version without = release(2);

        APIGatewayV2HTTPResponse accepted = createAt(withRelationships.toString(),
                withRelationships("rel@example.com", fixture.developer));
        APIGatewayV2HTTPResponse plain = createAt(withRelationships.toString(), invitation("plain@example.com", fixture.developer));
        APIGatewayV2HTTPResponse notAnObject = createAt(withRelationships.toString(),
                "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"x@example.com\",\"role\":\""
                        + fixture.developer + "\"},\"relationships\":[]}}");
        APIGatewayV2HTTPResponse refused = createAt(without.toString(), withRelationships("late@example.com", fixture.developer));

        assertEquals(201, accepted.getStatusCode(), accepted.getBody());
        assertEquals(fixture.org, body(accepted).at("/data/relationships/org/data/id").asText(),
                "the request's relationships are ignored: the invitation belongs to the path's org");
        assertEquals(201, plain.getStatusCode(), plain.getBody());
        assertEquals(400, notAnObject.getStatusCode(), notAnObject.getBody());
        assertEquals("/data/relationships", error(notAnObject).at("/source/pointer").asText());
        assertEquals(400, refused.getStatusCode(), refused.getBody());
        assertEquals("/data/relationships", error(refused).at("/source/pointer").asText());
        assertEquals(2, pendingInvites());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dave@example.com", "DAVE@example.com", "  Dave@Example.COM ", "dave@EXAMPLE.com   "})
    void oneEmailHasOnePendingInvitationWhateverItsCaseAndSpacing(String again) {
        assertEquals(201, create("dave@example.com", fixture.developer).getStatusCode());

        APIGatewayV2HTTPResponse response = create(again, fixture.admin);

        assertEquals(409, response.getStatusCode(), response.getBody());
        assertEquals("409", error(response).path("status").asText());
        assertEquals("invite-already-pending", error(response).path("code").asText());
        assertEquals("/data/attributes/email", error(response).at("/source/pointer").asText());
        assertEquals(1, pendingInvites());
    }

    @Test
    void theSameEmailCanBeInvitedToAnotherOrg() {
        assertEquals(201, create("erin@example.com", fixture.developer).getStatusCode());
        APIGatewayV2HTTPResponse other = handler.handleRequest(HttpApiEvents.request("POST", ROUTE).typicalHeaders()
                .path("org_id", fixture.otherOrg).query("version", VERSION)
                .jwt("user-2", fixture.otherOrg, "org.user.invite")
                .json(invitation("erin@example.com", fixture.otherOrgsRole)).build(), null);

        assertEquals(201, other.getStatusCode(), other.getBody());
    }

    @Test
    void anExpiredInvitationNeitherListsNorBlocksANewOne() {
        assertEquals(201, create("frank@example.com", fixture.developer).getStatusCode());
        fixture.clock.advance(Fixture.TTL.plus(Duration.ofSeconds(1)));

        assertEquals(0, pendingInvites());
        assertEquals(201, create("Frank@example.com", fixture.developer).getStatusCode());
        assertEquals(1, pendingInvites());
    }

    @Test
    void aCancelledInvitationCanBeSentAgain() {
        String id = body(create("gina@example.com", fixture.developer)).at("/data/id").asText();
        assertTrue(fixture.invitations.cancel(fixture.org, id, "user-1", fixture.clock.instant()));

        assertEquals(201, create("gina@example.com", fixture.developer).getStatusCode());
    }

    @Test
    void aRoleOutsideTheOrgIsABadRequest() {
        for (String role : new String[] {fixture.otherOrgsRole, UUID.randomUUID().toString()}) {
            APIGatewayV2HTTPResponse response = create("hank@example.com", role);

            assertEquals(400, response.getStatusCode(), response.getBody());
            assertEquals("role-not-found", error(response).path("code").asText());
            assertEquals("/data/attributes/role", error(response).at("/source/pointer").asText());
        }
        assertEquals(0, pendingInvites());
    }

    static Stream<Arguments> badBodies() {
        String role = "\"f1968726-1dca-42d4-a4dc-80cab99e2b6c\"";
        return Stream.of(
                Arguments.of("", ""),
                Arguments.of("not json", ""),
                Arguments.of("{\"data\":", ""),
                Arguments.of("[]", ""),
                Arguments.of("null", ""),
                Arguments.of("{}", "/data"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"role\":" + role
                        + "}},\"meta\":{}}", "/meta"),
                Arguments.of("{\"data\":[]}", "/data"),
                Arguments.of("{\"data\":{\"attributes\":{\"email\":\"a@b.co\",\"role\":" + role + "}}}", "/data/type"),
                Arguments.of("{\"data\":{\"type\":\"org\",\"attributes\":{\"email\":\"a@b.co\",\"role\":" + role + "}}}",
                        "/data/type"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"id\":\"x\",\"attributes\":{}}}", "/data/id"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\"}}", "/data/attributes"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":\"x\"}}", "/data/attributes"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"role\":" + role + "}}}",
                        "/data/attributes/email"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\"}}}",
                        "/data/attributes/role"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"role\":"
                        + role + ",\"is_active\":true}}}", "/data/attributes/is_active"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":42,\"role\":" + role + "}}}",
                        "/data/attributes/email"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":null,\"role\":" + role + "}}}",
                        "/data/attributes/email"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":[1,2.5,{\"a\":false}],"
                        + "\"role\":" + role + "}}}", "/data/attributes/email"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"role\":"
                        + "123456789012345678901234567890}}}", "/data/attributes/role"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"role\":"
                        + "-1.5e400}}}", "/data/attributes/role"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"not-an-email\",\"role\":"
                        + role + "}}}", "/data/attributes/email"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b\",\"role\":"
                        + role + "}}}", "/data/attributes/email"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"" + "a".repeat(250)
                        + "@b.co\",\"role\":" + role + "}}}", "/data/attributes/email"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"role\":"
                        + "\"Developer\"}}}", "/data/attributes/role"),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"email\":"
                        + "\"c@d.co\",\"role\":" + role + "}}}", ""),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"role\":"
                        + role + "}}} trailing", ""),
                Arguments.of("[".repeat(5000) + "]".repeat(5000), ""),
                Arguments.of("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"role\":"
                        + role + ",\"x\":\"" + "y".repeat(9000) + "\"}}}", ""));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void aBadBodyIsABadRequestThatPointsAtTheProblem(String document, String pointer) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, VERSION).json(document).build(), null);

        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode error = error(response);
        assertEquals("400", error.path("status").asText());
        assertEquals(pointer, error.at("/source/pointer").asText(), response.getBody());
        assertFalse(error.path("detail").asText().isEmpty());
        assertEquals(0, pendingInvites());
    }

    @Test
    void aBase64EncodedBodyIsDecoded() {
        String document = invitation("ivy@example.com", fixture.developer);
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, VERSION)
                .header("content-type", "application/vnd.api+json")
                .body(Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8)), true).build(), null);

        assertEquals(201, response.getStatusCode(), response.getBody());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "", "application/vnd.api+jsonx"})
    void theBodyMustBeAJsonApiDocument(String contentType) {
        HttpApiEvents events = request(fixture.org, VERSION).json(invitation("jo@example.com", fixture.developer));
        events = contentType.isEmpty() ? events.withoutHeader("content-type") : events.header("content-type", contentType);

        APIGatewayV2HTTPResponse response = handler.handleRequest(events.build(), null);

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("unsupported-media-type", error(response).path("code").asText());
        assertEquals(0, pendingInvites());
    }

    @Test
    void aCharsetParameterIsAccepted() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, VERSION)
                .json(invitation("kim@example.com", fixture.developer))
                .header("content-type", "application/vnd.api+json; charset=utf-8").build(), null);

        assertEquals(201, response.getStatusCode(), response.getBody());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("POST", ROUTE).typicalHeaders()
                .path("org_id", fixture.org).query("version", VERSION)
                .json(invitation("lee@example.com", fixture.developer)).build(), null);

        assertEquals(401, response.getStatusCode());
        assertEquals("401", error(response).path("status").asText());
        UUID.fromString(response.getHeaders().get("snyk-request-id"));
        assertEquals(0, pendingInvites());
    }

    @Test
    void anOrgTheTokenIsNotScopedToIsNotFound() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.otherOrg, VERSION)
                .json(invitation("mo@example.com", fixture.otherOrgsRole)).build(), null);

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("404", error(response).path("status").asText());
        assertEquals(0, fixture.invitations.list(fixture.otherOrg, PageRequest.first(10), fixture.clock.instant())
                .invites().size());
    }

    @Test
    void withoutTheInvitePermissionTheCallerIsForbidden() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("POST", ROUTE).typicalHeaders()
                .path("org_id", fixture.org).query("version", VERSION)
                .jwt("user-1", fixture.org, "org.read", "org.user.read")
                .json(invitation("ned@example.com", fixture.developer)).build(), null);

        assertEquals(403, response.getStatusCode(), response.getBody());
        assertEquals(0, pendingInvites());
    }

    @Test
    void aMissingVersionIsABadRequestNamingTheParameter() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, null)
                .json(invitation("oz@example.com", fixture.developer)).build(), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("version", error(response).at("/source/parameter").asText());
        assertNull(response.getHeaders().get("snyk-version-served"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-13-01", "2023-02-29", "24-01-01", "2024-01-01~ga", "2024-01-01~alpha", "latest",
            "2024-01-01,2024-02-01", "2999-01-01", "2024-1-01"})
    void anInvalidVersionIsABadRequest(String version) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, version)
                .json(invitation("pat@example.com", fixture.developer)).build(), null);

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("version", error(response).at("/source/parameter").asText());
        assertEquals(0, pendingInvites());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-05-31", "2022-05-31~beta", "2021-01-01~experimental", "2024-10-15~beta", "beta"})
    void aVersionWithNoReleaseIsNotFound(String version) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, version)
                .json(invitation("quinn@example.com", fixture.developer)).build(), null);

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("version-not-found", error(response).path("code").asText());
        assertEquals(0, pendingInvites());
    }

    @Test
    void unknownQueryParametersAreRefused() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(fixture.org, VERSION).query("limit", "10")
                .json(invitation("rae@example.com", fixture.developer)).build(), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("limit", error(response).at("/source/parameter").asText());
        assertEquals(0, pendingInvites());
    }

    @Test
    void aMalformedOrgIdIsABadRequest() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request("not-a-uuid", VERSION)
                .json(invitation("sam@example.com", fixture.developer)).build(), null);

        assertEquals(400, response.getStatusCode());
        assertEquals("org_id", error(response).at("/source/parameter").asText());
    }

    @Test
    void logsOneLineWithoutTheEmail() {
        create("secret.person@example.com", fixture.developer);

        String log = logs.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.lines().count(), log);
        assertTrue(log.contains("\"status\":201"), log);
        assertTrue(log.contains("\"route\":\"POST /orgs/{org_id}/invites\""), log);
        assertFalse(log.contains("secret.person"), log);
    }
}
