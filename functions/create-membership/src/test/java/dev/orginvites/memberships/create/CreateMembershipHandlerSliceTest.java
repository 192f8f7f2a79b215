package dev.orginvites.memberships.create;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.testkit.Bodies;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.Invitees;
import dev.orginvites.testkit.MemoryFixture;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every status an add answers, through {@code handleRequest} on the in-memory store: milliseconds, beside the tests
 * on the emulator ({@link CreateMembershipHandlerTest}). Each answer is held to the contract.
 */
class CreateMembershipHandlerSliceTest {
    private static final String ROUTE = "/orgs/{org_id}/memberships";

    private final MemoryFixture fixture = new MemoryFixture();
    private final String org = fixture.org;
    private final String role = fixture.role;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new CreateMembershipHandler(fixture.memberships, fixture.clock, RequestLog.discard()));

    private HttpApiEvents request(String version, String... permissions) {
        return HttpApiEvents.request("POST", ROUTE).typicalHeaders().path("org_id", org).query("version", version)
                .jwt("auth0|admin", org, permissions);
    }

    private APIGatewayV2HTTPResponse add(String document) {
        return handler.handleRequest(request("2024-10-15", "org.membership.add").json(document).build(), null);
    }

    private List<Membership> members() {
        return fixture.memberships.list(org, PageRequest.first(100)).memberships();
    }

    @Test
    void addsTheUserWithTheRoleAndAnswersTheMembershipAndWhereItIs() {
        APIGatewayV2HTTPResponse response = add(MembershipRequest.document(org, "auth0|grace", role));

        assertEquals(201, response.getStatusCode(), response.getBody());
        JsonNode data = body(response).path("data");
        String id = data.path("id").asText();
        assertEquals(7, UUID.fromString(id).version());
        assertEquals("/orgs/" + org + "/memberships/" + id, response.getHeaders().get("location"));
        assertEquals("org_membership", data.path("type").asText());
        assertEquals(fixture.clock.instant().toString(), data.at("/attributes/created_at").asText());
        assertEquals(org, data.at("/relationships/org/data/id").asText());
        assertEquals(role, data.at("/relationships/role/data/id").asText());
        assertEquals("Developer", data.at("/relationships/role/data/attributes/name").asText());
        assertEquals("auth0|grace", data.at("/relationships/user/data/id").asText());
        assertTrue(data.at("/relationships/user/data/attributes").isObject(), "Snyk's attributes object is there");
        assertEquals(0, data.at("/relationships/user/data/attributes").size(), "no address: none was invited");
        assertEquals("2024-08-25", response.getHeaders().get("snyk-version-served"));
        assertEquals(List.of(new Membership(id, org, "auth0|grace", null, role, "Developer", fixture.clock.instant(),
                "auth0|admin", null)), members(), "the adder is recorded as who brought them in");
    }

    @Test
    void theExperimentalReleaseIsServedAlike() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request("2024-05-09~experimental",
                "org.membership.add").json(MembershipRequest.document(org, "auth0|grace", role)).build(), null);

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("2024-05-09~experimental", response.getHeaders().get("snyk-version-served"));
        assertEquals("auth0|grace", body(response).at("/data/relationships/user/data/id").asText());
    }

    /**
     * On a named stage (the template's BasePath {@code /rest}), {@code location} starts with it. The contract's paths
     * are the server's, so this request is not held to it.
     */
    @Test
    void theLocationKeepsTheStage() {
        APIGatewayV2HTTPResponse response = new CreateMembershipHandler(fixture.memberships, fixture.clock,
                RequestLog.discard()).handleRequest(request("2024-10-15", "org.membership.add")
                .stage("rest").json(MembershipRequest.document(org, "auth0|grace", role)).build(), null);

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("/rest/orgs/" + org + "/memberships/" + body(response).at("/data/id").asText(),
                response.getHeaders().get("location"));
    }

    /** A user id is what a token's sub may be, not a UUID: any text that is not blank, up to 1,000 bytes. */
    @ParameterizedTest
    @ValueSource(strings = {"auth0|5f7c8ec7c33c6c004bbafe82", "677d5f47-a8bf-4090-ba52-680903e7c8b5", "ada@example.com",
        "x", "Zoë 😀", " padded "})
    void aUserIdIsAnyTokensSub(String userId) {
        APIGatewayV2HTTPResponse response = add(adding(userId));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals(userId, body(response).at("/data/relationships/user/data/id").asText());
        assertEquals(userId, fixture.memberships.ofUser(org, userId).orElseThrow().userId(), "kept exactly");
    }

    @Test
    void aUserIdOfExactlyTheLongestLengthIsTaken() {
        String longest = "é".repeat(500);

        assertEquals(201, add(adding(longest)).getStatusCode());
        assertEquals(400, add(adding(longest + "x")).getStatusCode());
    }

    /** The document with {@code userId} as the user's id, JSON-escaped. */
    private String adding(String userId) {
        return MembershipRequest.document(org, "USER", role).replace("\"USER\"", Bodies.quote(userId));
    }

    static Stream<Arguments> badBodies() {
        String org = "ORG";
        String role = "ROLE";
        String valid = MembershipRequest.document(org, "auth0|grace", role);
        String relationships = "/data/relationships";
        return Stream.of(
                Arguments.of("[]", ""),
                Arguments.of("{}", "/data"),
                Arguments.of("{\"data\":[]}", "/data"),
                Arguments.of(valid.replace("{\"data\":", "{\"meta\":{},\"data\":"), "/meta"),
                Arguments.of(valid.replace("\"type\":\"org_membership\",", ""), "/data/type"),
                Arguments.of(valid.replace("\"org_membership\"", "\"org_invitation\""), "/data/type"),
                Arguments.of(valid.replace("\"org_membership\"", "42"), "/data/type"),
                Arguments.of(valid.replace("\"type\":\"org_membership\",", "\"type\":\"org_membership\",\"id\":\"x\","),
                        "/data/id"),
                Arguments.of(valid.replace("\"type\":\"org_membership\",", "\"type\":\"org_membership\","
                        + "\"attributes\":{},"), "/data/attributes"),
                Arguments.of("{\"data\":{\"type\":\"org_membership\"}}", relationships),
                Arguments.of("{\"data\":{\"type\":\"org_membership\",\"relationships\":[]}}", relationships),
                Arguments.of(valid.replace("\"org\":{\"data\":{\"type\":\"org\",\"id\":\"ORG\"}},", ""),
                        relationships + "/org"),
                Arguments.of(valid.replace("\"org\":{\"data\":{\"type\":\"org\",\"id\":\"ORG\"}},",
                        "\"group\":{},"), relationships + "/group"),
                Arguments.of(valid.replace("{\"data\":{\"type\":\"org\",\"id\":\"ORG\"}}", "{}"),
                        relationships + "/org/data"),
                Arguments.of(valid.replace("{\"data\":{\"type\":\"org\",\"id\":\"ORG\"}}", "null"),
                        relationships + "/org"),
                Arguments.of(valid.replace("{\"type\":\"org\",\"id\":\"ORG\"}", "\"ORG\""), relationships + "/org/data"),
                Arguments.of(valid.replace("{\"type\":\"org\",\"id\":\"ORG\"}", "{\"id\":\"ORG\"}"),
                        relationships + "/org/data/type"),
                Arguments.of(valid.replace("{\"type\":\"org\",\"id\":\"ORG\"}", "{\"type\":\"orgs\",\"id\":\"ORG\"}"),
                        relationships + "/org/data/type"),
                Arguments.of(valid.replace("{\"type\":\"org\",\"id\":\"ORG\"}",
                        "{\"type\":\"org\",\"id\":\"ORG\",\"meta\":{}}"), relationships + "/org/data/meta"),
                Arguments.of(valid.replace("\"id\":\"ORG\"", "\"id\":null"), relationships + "/org/data/id"),
                Arguments.of(valid.replace("\"id\":\"ORG\"", "\"id\":\"" + UUID.randomUUID() + "\""),
                        relationships + "/org/data/id"),
                Arguments.of(valid.replace("\"id\":\"ORG\"", "\"id\":\"my-org\""), relationships + "/org/data/id"),
                Arguments.of(valid.replace("{\"type\":\"org_role\",\"id\":\"ROLE\"}", "{\"type\":\"role\",\"id\":\"ROLE\"}"),
                        relationships + "/role/data/type"),
                Arguments.of(valid.replace("\"id\":\"ROLE\"", "\"id\":\"Developer\""), relationships + "/role/data/id"),
                Arguments.of(valid.replace("\"id\":\"ROLE\"", "\"id\":7"), relationships + "/role/data/id"),
                Arguments.of(valid.replace("{\"type\":\"user\",\"id\":\"auth0|grace\"}", "{\"id\":\"auth0|grace\"}"),
                        relationships + "/user/data/type"),
                Arguments.of(valid.replace("\"id\":\"auth0|grace\"", "\"id\":\"\""), relationships + "/user/data/id"),
                Arguments.of(valid.replace("\"id\":\"auth0|grace\"", "\"id\":\"  \""), relationships + "/user/data/id"),
                Arguments.of(valid.replace("\"id\":\"auth0|grace\"", "\"id\":\"\\ud800\""),
                        relationships + "/user/data/id"),
                Arguments.of(valid.replace("\"id\":\"auth0|grace\"", "\"id\":\"" + "u".repeat(1001) + "\""),
                        relationships + "/user/data/id"),
                Arguments.of(valid.replace("\"id\":\"auth0|grace\"", "\"id\":[\"auth0|grace\"]"),
                        relationships + "/user/data/id"),
                Arguments.of(valid + " trailing", ""));
    }

    /** A malformed document is a 400 pointing at its first bad member, and adds no one. */
    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badBodies")
    void aBadBodyIsABadRequestThatPointsAtTheProblem(String document, String pointer) {
        APIGatewayV2HTTPResponse response = add(document.replace("ORG", org).replace("ROLE", role));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("invalid-request-body", error(response).path("code").asText());
        assertEquals(pointer, error(response).at("/source/pointer").asText(), response.getBody());
        assertEquals(List.of(), members());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", ""})
    void theBodyMustBeAJsonApiDocument(String contentType) {
        HttpApiEvents events = request("2024-10-15", "org.membership.add")
                .json(MembershipRequest.document(org, "auth0|grace", role));
        events = contentType.isEmpty() ? events.withoutHeader("content-type") : events.header("content-type", contentType);

        APIGatewayV2HTTPResponse response = handler.handleRequest(events.build(), null);

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("unsupported-media-type", error(response).path("code").asText());
        assertEquals(List.of(), members());
    }

    /** A role the org does not have (unknown, another org's): a 400 pointing at the role, and no one is added. */
    @ParameterizedTest
    @CsvSource({"unknown", "theirs"})
    void aRoleTheOrgDoesNotHaveIsABadRequest(String which) {
        String theirs = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        fixture.directory.putRole(other, theirs, "Developer");
        String roleId = which.equals("theirs") ? theirs : UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse response = add(MembershipRequest.document(org, "auth0|grace", roleId));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("role-not-found", error(response).path("code").asText());
        assertEquals("/data/relationships/role/data/id", error(response).at("/source/pointer").asText());
        assertEquals(List.of(), members());
    }

    @Test
    void aRemovedRoleIsABadRequest() {
        fixture.directory.removeRole(org, role);

        APIGatewayV2HTTPResponse response = add(MembershipRequest.document(org, "auth0|grace", role));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("role-not-found", error(response).path("code").asText());
    }

    /** Ids are compared as UUIDs: the org's and the role's in upper case name them. */
    @Test
    void idsInUpperCaseNameTheSameOrgAndRole() {
        APIGatewayV2HTTPResponse response = add(MembershipRequest.document(org.toUpperCase(), "auth0|grace",
                role.toUpperCase()));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals(role, body(response).at("/data/relationships/role/data/id").asText());
    }

    /** A member, whether they joined by an invitation or were added, is a 409, and nothing changes. */
    @ParameterizedTest
    @CsvSource({"accepted", "added"})
    void aMemberAlreadyIsAConflict(String how) {
        Membership existing = how.equals("accepted")
                ? Invitees.member(fixture.store, org, role, "grace@example.com", "auth0|grace", fixture.clock.instant())
                : fixture.memberships.add(org, "auth0|grace", role, "someone", fixture.clock.instant());

        APIGatewayV2HTTPResponse response = add(MembershipRequest.document(org, "auth0|grace", role));

        assertEquals(409, response.getStatusCode(), response.getBody());
        assertEquals("already-a-member", error(response).path("code").asText());
        assertEquals("/data/relationships/user/data/id", error(response).at("/source/pointer").asText());
        assertEquals(List.of(existing), members());
    }

    /** An add leaves the user's pending invitation as it is; accepting it afterwards is refused as a member's. */
    @Test
    void aPendingInvitationForTheUserIsUntouched() {
        Invite invite = fixture.invitations.create(org, "grace@example.com", role, "inviter", fixture.clock.instant());
        String nonce = fixture.invitations.issued(org, invite.id(), fixture.clock.instant()).orElseThrow().tokenNonce();

        assertEquals(201, add(MembershipRequest.document(org, "auth0|grace", role)).getStatusCode());

        assertEquals(Optional.of(invite), fixture.invitations.find(org, invite.id(), fixture.clock.instant()));
        assertThrows(AlreadyMemberException.class, () -> fixture.memberships.accept(org, invite.id(), nonce,
                "auth0|grace", fixture.clock.instant()));
    }

    @Test
    void withoutTheAddPermissionTheCallerIsForbidden() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request("2024-10-15", "org.membership.read",
                "org.membership.edit").json(MembershipRequest.document(org, "auth0|grace", role)).build(), null);

        assertEquals(403, response.getStatusCode(), response.getBody());
        assertEquals(List.of(), members());
    }

    @Test
    void anOrgTheTokenIsNotScopedToIsNotFound() {
        String other = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("POST", ROUTE).typicalHeaders()
                .path("org_id", other).query("version", "2024-10-15").jwt("auth0|admin", org, "org.membership.add")
                .json(MembershipRequest.document(other, "auth0|grace", role)).build(), null);

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("org-not-found", error(response).path("code").asText());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("POST", ROUTE).typicalHeaders()
                .path("org_id", org).query("version", "2024-10-15")
                .json(MembershipRequest.document(org, "auth0|grace", role)).build(), null);

        assertEquals(401, response.getStatusCode(), response.getBody());
        assertEquals(List.of(), members());
    }

    /** Before the first release (2024-05-09~experimental) nothing serves the request; from 2024-10-15, GA only. */
    @ParameterizedTest
    @ValueSource(strings = {"2024-05-08~experimental", "2024-05-09~beta", "2024-08-24", "2024-10-15~experimental"})
    void aVersionNoReleaseServesIsNotFound(String version) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(version, "org.membership.add")
                .json(MembershipRequest.document(org, "auth0|grace", role)).build(), null);

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("version-not-found", error(response).path("code").asText());
        assertEquals(List.of(), members());
    }
}
