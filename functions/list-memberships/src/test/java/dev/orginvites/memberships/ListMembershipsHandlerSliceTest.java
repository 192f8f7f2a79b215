package dev.orginvites.memberships;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.Invitees;
import dev.orginvites.testkit.LinkWalk;
import dev.orginvites.testkit.MemoryFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every status the list of memberships answers, through {@code handleRequest} on the in-memory store: milliseconds,
 * beside the tests on the emulator ({@link ListMembershipsHandlerTest}).
 */
class ListMembershipsHandlerSliceTest {
    private final MemoryFixture fixture = new MemoryFixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new ListMembershipsHandler(fixture.memberships, fixture.clock, RequestLog.discard()));

    private APIGatewayV2HTTPResponse list(HttpApiEvents request) {
        return handler.handleRequest(request.build(), null);
    }

    private HttpApiEvents request(String org, String... permissions) {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/memberships").typicalHeaders().path("org_id", org)
                .query("version", "2024-10-15").jwt("admin", org, permissions);
    }

    /** Each size an edge: none, one, a page exactly full, one over, several pages, 30-item pages full and one over. */
    @ParameterizedTest(name = "{0} members, pages of {1}")
    @CsvSource({"0, 10", "1, 10", "10, 10", "11, 10", "25, 10", "30, 30", "31, 30"})
    void pagesWalkBothWaysInJoiningOrderWithNoGapOrDuplicate(int count, int limit) {
        String org = UUID.randomUUID().toString();
        fixture.directory.putRole(org, fixture.role, "Developer");
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            joined.add(Invitees.member(fixture.store, org, fixture.role, "user" + i + "@example.com", "auth0|user-" + i,
                    fixture.clock.instant()).id());
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        LinkWalk.bothWays(link -> {
            URI uri = URI.create(link);
            assertEquals("/orgs/" + org + "/memberships", uri.getPath());
            APIGatewayV2HTTPResponse page = list(HttpApiEvents.request("GET", "/orgs/{org_id}/memberships")
                    .typicalHeaders().path("org_id", org).jwt("admin", org, "org.membership.read")
                    .rawQuery(uri.getRawQuery()));
            assertEquals(200, page.getStatusCode(), page.getBody());
            return page;
        }, "/orgs/" + org + "/memberships?version=2024-10-15&limit=" + limit, joined, limit);
    }

    @Test
    void listsTheMembersWithTheirRoleAndAddress() {
        Membership ada = Invitees.member(fixture.store, fixture.org, fixture.role, "ada@example.com", "auth0|ada",
                fixture.clock.instant());

        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(ada.id(), body(response).at("/data/0/id").asText());
        assertEquals("Developer", body(response).at("/data/0/relationships/role/data/attributes/name").asText());
        assertEquals("ada@example.com", body(response).at("/data/0/relationships/user/data/attributes/email").asText());
        assertEquals("2024-08-25", response.getHeaders().get("snyk-version-served"));
    }

    /**
     * {@code user_id} finds the one membership of that user, by exact id (a lookalike, another case or another org's
     * member finds none), and its links keep the filter, encoded.
     */
    @ParameterizedTest(name = "user_id={0}: {1} found")
    @CsvSource(delimiter = ';', value = {"auth0|ada; 1", "auth0|grace; 1", "AUTH0|ADA; 0", "'auth0|ada '; 0",
        "auth0|ad; 0", "auth0|theirs; 0", "nobody; 0"})
    void theUserIdFilterFindsExactlyThatUsersMembership(String userId, int found) {
        Membership ada = Invitees.member(fixture.store, fixture.org, fixture.role, "ada@example.com", "auth0|ada",
                fixture.clock.instant());
        Invitees.member(fixture.store, fixture.org, fixture.role, "grace@example.com", "auth0|grace",
                fixture.clock.instant());
        String theirs = UUID.randomUUID().toString();
        fixture.directory.putRole(theirs, fixture.role, "Developer");
        Invitees.member(fixture.store, theirs, fixture.role, "theirs@example.com", "auth0|theirs",
                fixture.clock.instant());

        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read").query("user_id", userId));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(found, body(response).at("/data").size());
        if (found == 1) {
            assertEquals(userId, body(response).at("/data/0/relationships/user/data/id").asText());
        }
        if (userId.equals("auth0|ada")) {
            assertEquals(ada.id(), body(response).at("/data/0/id").asText());
        }
        String self = body(response).at("/links/self").asText();
        assertEquals("/orgs/" + fixture.org + "/memberships?version=2024-10-15&limit=10&user_id="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8), self);
        assertTrue(body(response).at("/links/next").isMissingNode(), "one membership at most: no next page");
    }

    /** A cursor past the user's membership leaves it off the page, as it would any member's. */
    @Test
    void theUserIdFilterKeepsToTheCursorsSide() {
        Membership ada = Invitees.member(fixture.store, fixture.org, fixture.role, "ada@example.com", "auth0|ada",
                fixture.clock.instant());
        String cursor = Cursor.of(ada.id());

        assertEquals(0, body(list(request(fixture.org, "org.membership.read").query("user_id", "auth0|ada")
                .query("starting_after", cursor))).at("/data").size());
        assertEquals(0, body(list(request(fixture.org, "org.membership.read").query("user_id", "auth0|ada")
                .query("ending_before", cursor))).at("/data").size());
    }

    /** An empty user id, or one longer than any a membership can have, is a 400 naming the parameter. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1001})
    void aUserIdNoMembershipCanHaveIsABadRequest(int length) {
        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read")
                .query("user_id", "u".repeat(length)));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("user_id", error(response).at("/source/parameter").asText());
    }

    @Test
    void aParameterSnykDefinesButThisApiDoesNotServeIsABadRequest() {
        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read").query("sort_by", "email"));

        assertEquals(400, response.getStatusCode());
        assertEquals("sort_by", error(response).at("/source/parameter").asText());
    }

    @Test
    void withoutThePermissionTheCallerIsForbidden() {
        assertEquals(403, list(request(fixture.org, "org.read", "org.user.read")).getStatusCode());
    }

    @Test
    void anotherOrgIsNotFound() {
        String other = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse response = list(request(other, "org.membership.read").jwt("admin", fixture.org,
                "org.membership.read"));

        assertEquals(404, response.getStatusCode());
        assertEquals("org-not-found", error(response).path("code").asText());
    }
}
