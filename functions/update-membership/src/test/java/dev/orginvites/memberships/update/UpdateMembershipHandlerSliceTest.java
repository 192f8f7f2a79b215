package dev.orginvites.memberships.update;

import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.Invitees;
import dev.orginvites.testkit.MemoryFixture;
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
 * Every status a role change answers, through {@code handleRequest} on the in-memory store: milliseconds, beside the
 * tests on the emulator ({@link UpdateMembershipHandlerTest}). Each answer is held to the contract.
 */
class UpdateMembershipHandlerSliceTest {
    private static final String ROUTE = "/orgs/{org_id}/memberships/{membership_id}";

    private final MemoryFixture fixture = new MemoryFixture();
    private final String org = fixture.org;
    private final String developer = fixture.role;
    private final String admin = UUID.randomUUID().toString();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new UpdateMembershipHandler(fixture.memberships, fixture.clock, RequestLog.discard()));
    private final Membership ada;

    UpdateMembershipHandlerSliceTest() {
        fixture.directory.putRole(org, admin, "Org Admin");
        ada = Invitees.member(fixture.store, org, developer, "ada@example.com", "auth0|ada", fixture.clock.instant());
    }

    private HttpApiEvents request(String membershipId, String version, String... permissions) {
        return HttpApiEvents.request("PATCH", ROUTE).typicalHeaders().path("org_id", org)
                .path("membership_id", membershipId).query("version", version).jwt("auth0|owner", org, permissions);
    }

    private APIGatewayV2HTTPResponse change(String membershipId, String document) {
        return handler.handleRequest(request(membershipId, "2024-10-15", "org.membership.edit").json(document).build(),
                null);
    }

    private Membership current() {
        return fixture.memberships.find(org, ada.id()).orElseThrow();
    }

    /** The membership as it was made, with another role. */
    private Membership withRole(String roleId, String roleName) {
        return new Membership(ada.id(), org, ada.userId(), ada.email(), roleId, roleName, ada.joinedAt(),
                ada.invitedBy(), ada.inviteId());
    }

    @Test
    void givesTheMemberTheRoleAndAnswersNoContent() {
        APIGatewayV2HTTPResponse response = change(ada.id(), RoleChange.document(ada.id(), admin));

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertNull(response.getBody());
        assertEquals("2024-08-25", response.getHeaders().get("snyk-version-served"));
        assertEquals(withRole(admin, "Org Admin"), current());
    }

    @Test
    void theSameRoleAgainIsAChangeLikeAnyOther() {
        assertEquals(204, change(ada.id(), RoleChange.document(ada.id(), developer)).getStatusCode());
        assertEquals(ada, current());
    }

    @Test
    void theExperimentalReleaseIsServedAlike() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(ada.id(), "2024-06-06~experimental",
                "org.membership.edit").json(RoleChange.document(ada.id(), admin)).build(), null);

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertEquals("2024-06-06~experimental", response.getHeaders().get("snyk-version-served"));
        assertEquals(withRole(admin, "Org Admin"), current());
    }

    /**
     * {@code data.id} is the membership's, as JSON:API has it, or the org's, as Snyk's spec describes it; ids in upper
     * case, and an empty {@code attributes} object (the spec allows one), are taken.
     */
    @ParameterizedTest
    @CsvSource({"membership, false", "org, false", "membership, true", "org, true"})
    void theDocumentsIdIsTheMembershipsOrTheOrgs(String which, boolean upperCase) {
        String id = which.equals("org") ? org : ada.id();
        String document = RoleChange.document(upperCase ? id.toUpperCase() : id,
                upperCase ? admin.toUpperCase() : admin);

        APIGatewayV2HTTPResponse response = change(upperCase ? ada.id().toUpperCase() : ada.id(),
                upperCase ? document.replace("\"relationships\"", "\"attributes\":{},\"relationships\"") : document);

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertEquals(withRole(admin, "Org Admin"), current());
    }

    /**
     * A document about another resource (another type, another id: another membership, another org, a user) is a
     * 409 pointing at what does not match, and nothing changes.
     */
    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("otherResources")
    void aDocumentAboutAnotherResourceIsAConflict(String document, String pointer) {
        APIGatewayV2HTTPResponse response = change(ada.id(), document.replace("MEMBERSHIP", ada.id())
                .replace("ROLE", admin));

        assertEquals(409, response.getStatusCode(), response.getBody());
        assertEquals("resource-mismatch", error(response).path("code").asText());
        assertEquals(pointer, error(response).at("/source/pointer").asText());
        assertEquals(ada, current());
    }

    static Stream<Arguments> otherResources() {
        String valid = RoleChange.document("MEMBERSHIP", "ROLE");
        return Stream.of(
                Arguments.of(valid.replace("\"org_membership\"", "\"org_invitation\""), "/data/type"),
                Arguments.of(valid.replace("\"org_membership\"", "\"Org_Membership\""), "/data/type"),
                Arguments.of(valid.replace("\"org_membership\"", "\"\""), "/data/type"),
                Arguments.of(valid.replace("\"id\":\"MEMBERSHIP\"", "\"id\":\"" + UUID.randomUUID() + "\""),
                        "/data/id"),
                Arguments.of(valid.replace("\"id\":\"MEMBERSHIP\"", "\"id\":\"ROLE\""), "/data/id"),
                Arguments.of(valid.replace("\"id\":\"MEMBERSHIP\"", "\"id\":\"auth0|ada\""), "/data/id"),
                Arguments.of(valid.replace("\"id\":\"MEMBERSHIP\"", "\"id\":\"\""), "/data/id"));
    }

    static Stream<Arguments> badBodies() {
        String valid = RoleChange.document("MEMBERSHIP", "ROLE");
        String role = "/data/relationships/role";
        return Stream.of(
                Arguments.of("[]", ""),
                Arguments.of("{}", "/data"),
                Arguments.of("{\"data\":null}", "/data"),
                Arguments.of(valid.replace("{\"data\":", "{\"jsonapi\":{},\"data\":"), "/jsonapi"),
                Arguments.of(valid.replace("\"type\":\"org_membership\",", ""), "/data/type"),
                Arguments.of(valid.replace("\"org_membership\"", "[\"org_membership\"]"), "/data/type"),
                Arguments.of(valid.replace("\"id\":\"MEMBERSHIP\",", ""), "/data/id"),
                Arguments.of(valid.replace("\"id\":\"MEMBERSHIP\"", "\"id\":1"), "/data/id"),
                Arguments.of(valid.replace("\"relationships\"", "\"meta\":{},\"relationships\""), "/data/meta"),
                Arguments.of(valid.replace("\"relationships\"", "\"attributes\":[],\"relationships\""),
                        "/data/attributes"),
                Arguments.of(valid.replace("\"relationships\"", "\"attributes\":{\"role\":\"ROLE\"},\"relationships\""),
                        "/data/attributes/role"),
                Arguments.of(valid.replace(",\"relationships\":{\"role\":{\"data\":{\"type\":\"org_role\","
                        + "\"id\":\"ROLE\"}}}", ""), "/data/relationships"),
                Arguments.of(valid.replace("{\"role\":{\"data\":{\"type\":\"org_role\",\"id\":\"ROLE\"}}}", "{}"), role),
                Arguments.of(valid.replace("{\"role\":", "{\"user\":{},\"role\":"), "/data/relationships/user"),
                Arguments.of(valid.replace("{\"data\":{\"type\":\"org_role\",\"id\":\"ROLE\"}}", "{}"), role + "/data"),
                Arguments.of(valid.replace("{\"data\":{\"type\":\"org_role\",\"id\":\"ROLE\"}}",
                        "{\"data\":{\"type\":\"org_role\",\"id\":\"ROLE\"},\"links\":{}}"), role + "/links"),
                Arguments.of(valid.replace("{\"type\":\"org_role\",\"id\":\"ROLE\"}", "null"), role + "/data"),
                Arguments.of(valid.replace("\"type\":\"org_role\",", ""), role + "/data/type"),
                Arguments.of(valid.replace("\"org_role\"", "\"role\""), role + "/data/type"),
                Arguments.of(valid.replace("\"id\":\"ROLE\"", "\"id\":\"Org Admin\""), role + "/data/id"),
                Arguments.of(valid.replace("\"id\":\"ROLE\"", "\"id\":{}"), role + "/data/id"),
                Arguments.of(valid.replace("\"id\":\"ROLE\"", "\"id\":\"ROLE\",\"meta\":{}"), role + "/data/meta"),
                Arguments.of(valid + "{}", ""));
    }

    /** A malformed document is a 400 pointing at its first bad member, and changes nothing. */
    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badBodies")
    void aBadBodyIsABadRequestThatPointsAtTheProblem(String document, String pointer) {
        APIGatewayV2HTTPResponse response = change(ada.id(), document.replace("MEMBERSHIP", ada.id())
                .replace("ROLE", admin));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("invalid-request-body", error(response).path("code").asText());
        assertEquals(pointer, error(response).at("/source/pointer").asText(), response.getBody());
        assertEquals(ada, current());
    }

    @Test
    void theBodyMustBeAJsonApiDocument() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(ada.id(), "2024-10-15", "org.membership.edit")
                .json(RoleChange.document(ada.id(), admin)).header("content-type", "application/json").build(), null);

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("unsupported-media-type", error(response).path("code").asText());
        assertEquals(ada, current());
    }

    /** A role the org does not have (unknown, another org's, removed) is a 400 pointing at it; nothing changes. */
    @ParameterizedTest
    @ValueSource(strings = {"unknown", "theirs", "removed"})
    void aRoleTheOrgDoesNotHaveIsABadRequest(String which) {
        String other = UUID.randomUUID().toString();
        String theirs = UUID.randomUUID().toString();
        fixture.directory.putRole(other, theirs, "Org Admin");
        if (which.equals("removed")) {
            fixture.directory.removeRole(org, admin);
        }
        String roleId = switch (which) {
            case "theirs" -> theirs;
            case "removed" -> admin;
            default -> UUID.randomUUID().toString();
        };

        APIGatewayV2HTTPResponse response = change(ada.id(), RoleChange.document(ada.id(), roleId));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("role-not-found", error(response).path("code").asText());
        assertEquals("/data/relationships/role/data/id", error(response).at("/source/pointer").asText());
        assertEquals(ada, current());
    }

    /** A membership the org does not have (never made, removed, another org's) is a 404, and nothing changes. */
    @ParameterizedTest
    @ValueSource(strings = {"unknown", "removed", "theirs"})
    void aMembershipTheOrgDoesNotHaveIsNotFound(String which) {
        String other = UUID.randomUUID().toString();
        fixture.directory.putRole(other, admin, "Org Admin");
        Membership theirs = fixture.memberships.add(other, "auth0|theirs", admin, "x", fixture.clock.instant());
        if (which.equals("removed")) {
            fixture.memberships.remove(org, ada.id(), "auth0|owner", fixture.clock.instant());
        }
        String membershipId = switch (which) {
            case "theirs" -> theirs.id();
            case "removed" -> ada.id();
            default -> TimeOrderedIds.next(fixture.clock.instant()).toString();
        };

        APIGatewayV2HTTPResponse response = change(membershipId, RoleChange.document(membershipId, admin));

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("membership-not-found", error(response).path("code").asText());
        assertEquals(Optional.of(theirs), fixture.memberships.find(other, theirs.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "auth0|ada", "00000000-0000-0000-0000-00000000000g"})
    void aMalformedMembershipIdIsABadRequest(String membershipId) {
        APIGatewayV2HTTPResponse response = change(membershipId, RoleChange.document(ada.id(), admin));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("membership_id", error(response).at("/source/parameter").asText());
        assertEquals(ada, current());
    }

    @Test
    void withoutTheEditPermissionTheCallerIsForbidden() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(ada.id(), "2024-10-15", "org.membership.add",
                "org.membership.delete").json(RoleChange.document(ada.id(), admin)).build(), null);

        assertEquals(403, response.getStatusCode(), response.getBody());
        assertEquals(ada, current());
    }

    @Test
    void anOrgTheTokenIsNotScopedToIsNotFound() {
        String other = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("PATCH", ROUTE)
                .typicalHeaders().path("org_id", org).path("membership_id", ada.id()).query("version", "2024-10-15")
                .jwt("auth0|owner", other, "org.membership.edit").json(RoleChange.document(ada.id(), admin)).build(),
                null);

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("org-not-found", error(response).path("code").asText());
        assertEquals(ada, current());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("PATCH", ROUTE)
                .typicalHeaders().path("org_id", org).path("membership_id", ada.id()).query("version", "2024-10-15")
                .json(RoleChange.document(ada.id(), admin)).build(), null);

        assertEquals(401, response.getStatusCode(), response.getBody());
        assertEquals(ada, current());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-06-05~experimental", "2024-06-06~beta", "2024-08-24", "2024-10-15~beta"})
    void aVersionNoReleaseServesIsNotFound(String version) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(ada.id(), version, "org.membership.edit")
                .json(RoleChange.document(ada.id(), admin)).build(), null);

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("version-not-found", error(response).path("code").asText());
        assertEquals(ada, current());
    }
}
