package dev.orginvites.memberships;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static dev.orginvites.testkit.Bodies.ids;
import static dev.orginvites.testkit.Bodies.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.Invitees;
import dev.orginvites.testkit.LinkWalk;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The org's memberships, on the emulator, through {@code handleRequest}: pages both ways in joining order, the
 * parameters Snyk's operation has and this one does not serve, permission and org visibility; each answer held to
 * the contract.
 */
@EmulatorTest
class ListMembershipsHandlerTest {
    private static final String ROUTE = "/orgs/{org_id}/memberships";

    private final Fixture fixture = new Fixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new ListMembershipsHandler(fixture.memberships, fixture.directory, fixture.clock,
                    RequestLog.discard()));

    /** {@code count} members, joined one second apart, in joining order. */
    private List<String> join(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Membership membership = Invitees.member(fixture.store, fixture.org,
                    i % 2 == 0 ? fixture.developer : fixture.admin, "user" + i + "@example.com", "auth0|user-" + i,
                    fixture.clock.instant());
            ids.add(membership.id());
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        return ids;
    }

    /** A request by a caller with the permission, without a query: {@link #first} adds the version. */
    private HttpApiEvents unversioned() {
        return HttpApiEvents.request("GET", ROUTE).typicalHeaders().path("org_id", fixture.org)
                .jwt("auth0|admin", fixture.org, "org.membership.read");
    }

    private HttpApiEvents request() {
        return unversioned().query("version", "2024-10-15");
    }

    private APIGatewayV2HTTPResponse get(HttpApiEvents request) {
        return handler.handleRequest(request.build(), null);
    }

    private APIGatewayV2HTTPResponse follow(String link) {
        URI uri = URI.create(link);
        assertEquals("/orgs/" + fixture.org + "/memberships", uri.getPath());
        APIGatewayV2HTTPResponse response = get(unversioned().rawQuery(uri.getRawQuery()));
        assertEquals(200, response.getStatusCode(), response.getBody());
        return response;
    }

    @Test
    void anOrgWithoutMembersHasAnEmptyPage() {
        APIGatewayV2HTTPResponse response = get(request());

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(0, body(response).path("data").size());
        assertEquals("/orgs/" + fixture.org + "/memberships?version=2024-10-15&limit=10", link(response, "self"));
        assertEquals(null, link(response, "next"));
        assertEquals(null, link(response, "prev"));
        assertEquals("2024-08-25", response.getHeaders().get("snyk-version-served"));
    }

    /**
     * Snyk's releases, experimental one included, as the version rules serve them: an experimental request before
     * the GA release gets the experimental release, sunset a day after the GA release deprecated it; a GA request
     * before any GA release finds none.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "NULL", value = {
            "2024-05-09~experimental, 200, 2024-05-09~experimental, sunset, 2024-08-26",
            "2024-08-24~beta,         404, NULL,                    NULL,   NULL",
            "2024-08-24~experimental, 200, 2024-05-09~experimental, sunset, 2024-08-26",
            "2024-08-24,              404, NULL,                    NULL,   NULL",
            "2024-08-25,              200, 2024-08-25,              ga,     NULL",
            "2024-10-15~experimental, 404, NULL,                    NULL,   NULL"})
    void snyksReleasesAreServedByTheVersionRules(String requested, int status, String served, String stage,
            String sunset) {
        APIGatewayV2HTTPResponse response = get(unversioned().query("version", requested));

        assertEquals(status, response.getStatusCode(), response.getBody());
        if (status == 404) {
            assertEquals("version-not-found", error(response).path("code").asText(), response.getBody());
            return;
        }
        assertEquals(served, response.getHeaders().get("snyk-version-served"));
        assertEquals(stage, response.getHeaders().get("snyk-version-lifecycle-stage"));
        assertEquals(sunset, response.getHeaders().get("sunset"));
    }

    /** With the names their token carried and the org's name, which a page reads once from the directory. */
    @Test
    void aMemberShowsAsSnykShowsOne() {
        fixture.directory.nameOrg(fixture.org, "Acme R&D");
        Membership ada = Invitees.member(fixture.store, fixture.org, fixture.admin, "Ada@Example.com", "auth0|ada",
                new UserNames("Ada Lovelace", "ada"), fixture.clock.instant());

        JsonNode member = body(get(request())).at("/data/0");

        assertEquals(ada.id(), member.path("id").asText());
        assertEquals("org_membership", member.path("type").asText());
        assertEquals(fixture.clock.instant().toString(), member.at("/attributes/created_at").asText());
        assertEquals(fixture.org, member.at("/relationships/org/data/id").asText());
        assertEquals(fixture.admin, member.at("/relationships/role/data/id").asText());
        assertEquals("Org Admin", member.at("/relationships/role/data/attributes/name").asText());
        assertEquals("auth0|ada", member.at("/relationships/user/data/id").asText());
        assertEquals("Ada@Example.com", member.at("/relationships/user/data/attributes/email").asText());
        assertEquals("Ada Lovelace", member.at("/relationships/user/data/attributes/name").asText());
        assertEquals("ada", member.at("/relationships/user/data/attributes/username").asText());
        assertEquals("Acme R&D", member.at("/relationships/org/data/attributes/name").asText());
    }

    // One walk per paging path on DynamoDB: no members, a last page exactly full, several pages ending short. Every
    // size is walked on the in-memory store (ListMembershipsHandlerSliceTest).
    @ParameterizedTest(name = "{0} members, pages of {1}")
    @CsvSource({"0, 10", "10, 10", "25, 10"})
    void pagesWalkBothWaysInJoiningOrderWithNoGapOrDuplicate(int count, int limit) {
        LinkWalk.bothWays(this::follow, "/orgs/" + fixture.org + "/memberships?version=2024-10-15&limit=" + limit,
                join(count), limit);
    }

    /**
     * The email filter on the table: the members whose address names the mailbox, in any case, paged by the links
     * with the filter kept; a removed one is gone from it.
     */
    @Test
    void theEmailFilterFindsAndPagesTheMembersOfOneMailbox() {
        join(3);
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            shared.add(Invitees.member(fixture.store, fixture.org, fixture.developer, i % 2 == 0 ? "Team@Example.com"
                    : "team@example.com", "auth0|team-" + i, fixture.clock.instant()).id());
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        Invitees.member(fixture.store, fixture.org, fixture.developer, "last@example.com", "auth0|last",
                fixture.clock.instant());

        LinkWalk.bothWays(this::follow, "/orgs/" + fixture.org
                + "/memberships?version=2024-10-15&limit=10&email=TEAM%40example.com", shared, 10);
        assertTrue(fixture.memberships.remove(fixture.org, shared.get(0), "auth0|admin", fixture.clock.instant()));
        assertEquals(shared.subList(1, 12), ids(get(request().query("email", "team@example.com")
                .query("limit", "20"))));
    }

    /** The user_id filter on the table: the user's membership, by their record; given an email too, it must match. */
    @Test
    void theUserIdFilterFindsTheUsersMembership() {
        List<String> ids = join(3);

        assertEquals(List.of(ids.get(1)), ids(get(request().query("user_id", "auth0|user-1"))));
        assertEquals(List.of(ids.get(1)), ids(get(request().query("user_id", "auth0|user-1")
                .query("email", "USER1@example.com"))));
        assertEquals(List.of(), ids(get(request().query("user_id", "auth0|user-1").query("email", "user2@example.com"))));
        assertEquals(List.of(), ids(get(request().query("user_id", "auth0|nobody"))));
    }

    @Test
    void anotherOrgsMembersNeverShow() {
        join(3);
        fixture.directory.putRole(fixture.otherOrg, fixture.otherOrgsRole, "Collaborator");
        Invitees.member(fixture.store, fixture.otherOrg, fixture.otherOrgsRole, "theirs@example.com", "auth0|theirs",
                fixture.clock.instant());

        APIGatewayV2HTTPResponse response = get(request().query("limit", "100"));

        assertEquals(3, ids(response).size());
        assertFalse(response.getBody().contains("theirs"), response.getBody());
    }

    /**
     * Snyk's listOrgMemberships sorts and filters; this one filters by email and user id only, and says so naming
     * the parameter.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sort_by", "sort_order", "username", "role_name", "filter"})
    void aParameterThisOperationDoesNotServeIsABadRequest(String parameter) {
        APIGatewayV2HTTPResponse response = get(request().query(parameter, "x"));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals(parameter, error(response).at("/source/parameter").asText());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"limit, 5", "limit, 15", "limit, 110", "limit, ten", "starting_after, v1.bm90LWEtY3Vyc29y",
            "ending_before, not-a-cursor", "version, yesterday"})
    void aBadParameterIsABadRequestNamingIt(String parameter, String value) {
        APIGatewayV2HTTPResponse response = get(parameter.equals("version") ? unversioned().query(parameter, value)
                : request().query(parameter, value));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals(parameter, error(response).at("/source/parameter").asText());
    }

    @Test
    void bothCursorsAtOnceAreABadRequest() {
        List<String> ids = join(2);
        String cursor = dev.orginvites.shared.store.Cursor.of(ids.get(0));

        APIGatewayV2HTTPResponse response = get(request().query("starting_after", cursor).query("ending_before",
                cursor));

        assertEquals(400, response.getStatusCode());
    }

    @Test
    void withoutTheMembershipReadPermissionTheCallerIsForbidden() {
        APIGatewayV2HTTPResponse response = get(request().jwt("auth0|admin", fixture.org, "org.read",
                "org.user.read", "org.user.invite"));

        assertEquals(403, response.getStatusCode());
        assertTrue(error(response).path("detail").asText().contains("org.membership.read"));
    }

    @Test
    void anOrgTheTokenIsNotScopedToIsNotFound() {
        join(1);

        APIGatewayV2HTTPResponse response = get(request().jwt("auth0|admin", fixture.otherOrg, "org.membership.read"));

        assertEquals(404, response.getStatusCode());
        assertEquals("org-not-found", error(response).path("code").asText());
    }

    @Test
    void anUnknownOrgIsAnEmptyPageForItsOwnToken() {
        String unknown = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse response = get(request().path("org_id", unknown).jwt("auth0|admin", unknown,
                "org.membership.read"));

        assertEquals(200, response.getStatusCode());
        assertEquals(Collections.emptyList(), ids(response));
    }
}
