package dev.orginvites.memberships;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.UserNames;
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
            new ListMembershipsHandler(fixture.memberships, fixture.directory, fixture.clock,
                    RequestLog.discard()));

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
     * Each member shows the names their token carried at accept and the org's name from the directory, each left out
     * when unknown (never an empty string or a null), the attributes objects always there; with a user_id filter as
     * without.
     */
    @ParameterizedTest(name = "org name {0}, user {1} / {2}, query {3}")
    @CsvSource(nullValues = "NULL", delimiter = ';', value = {
        "Acme R&D; Ada Lovelace; ada; ",
        "NULL;     Ada Lovelace; NULL; ",
        "Acme;     NULL;         ada; ",
        "NULL;     NULL;         NULL; ",
        "Acme;     Ada Lovelace; ada; user_id=auth0|ada",
        "NULL;     NULL;         NULL; user_id=auth0|ada"})
    void membersShowTheirNamesAndTheOrgsWhenKnown(String orgName, String name, String username, String query) {
        if (orgName != null) {
            fixture.directory.nameOrg(fixture.org, orgName);
        }
        Invitees.member(fixture.store, fixture.org, fixture.role, "ada@example.com", "auth0|ada",
                new UserNames(name, username), fixture.clock.instant());
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.memberships.add(fixture.org, "auth0|grace", fixture.role, "admin", fixture.clock.instant());
        HttpApiEvents request = request(fixture.org, "org.membership.read");
        if (query != null) {
            request.query(query.substring(0, query.indexOf('=')), query.substring(query.indexOf('=') + 1));
        }

        JsonNode data = body(list(request)).path("data");

        assertEquals(query == null ? 2 : 1, data.size());
        for (JsonNode member : data) {
            JsonNode org = member.at("/relationships/org/data/attributes");
            assertEquals(orgName == null ? "{}" : "{\"name\":" + quoted(orgName) + "}", org.toString());
        }
        JsonNode ada = data.get(0).at("/relationships/user/data/attributes");
        assertEquals(name, ada.has("name") ? ada.get("name").asText() : null);
        assertEquals(username, ada.has("username") ? ada.get("username").asText() : null);
        assertEquals("ada@example.com", ada.path("email").asText());
        if (query == null) {
            assertEquals("{}", data.get(1).at("/relationships/user/data/attributes").toString(),
                    "a member added without an address or names");
        }
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
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

    /**
     * {@code email} finds the memberships whose address names its mailbox: ASCII letters in any case, the domain in
     * either IDNA form; a lookalike, an added member (no address) or another org's member is not found; its links keep
     * the filter as given, encoded.
     */
    @ParameterizedTest(name = "email={0}: {1} found")
    @CsvSource(delimiter = ';', value = {"ada+lists@example.com; 1", "ADA+Lists@EXAMPLE.COM; 1",
        "' ada+lists@example.com '; 1", "grace@b\u00FCcher.example; 1", "GRACE@XN--BCHER-KVA.EXAMPLE; 1",
        "ada+list@example.com; 0", "ada+lists.@example.com; 0", "\uFF41da+lists@example.com; 0",
        "theirs@example.com; 0", "added@example.com; 0"})
    void theEmailFilterFindsTheMembershipsOfThatMailbox(String email, int found) {
        Membership ada = Invitees.member(fixture.store, fixture.org, fixture.role, "Ada+Lists@Example.com",
                "auth0|ada", fixture.clock.instant());
        Invitees.member(fixture.store, fixture.org, fixture.role, "grace@xn--bcher-kva.example", "auth0|grace",
                fixture.clock.instant());
        fixture.store.memberships().add(fixture.org, "auth0|added", fixture.role, "admin", fixture.clock.instant());
        String theirs = UUID.randomUUID().toString();
        fixture.directory.putRole(theirs, fixture.role, "Developer");
        Invitees.member(fixture.store, theirs, fixture.role, "theirs@example.com", "auth0|theirs",
                fixture.clock.instant());

        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read").query("email", email));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(found, body(response).at("/data").size());
        if (email.contains("+")) {
            assertEquals(found == 1 ? ada.id() : "", body(response).at("/data/0/id").asText(""));
        }
        assertEquals("/orgs/" + fixture.org + "/memberships?version=2024-10-15&limit=10&email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8), body(response).at("/links/self").asText());
    }

    /** Members who share an address page by the links as the whole list does, the filter kept on every link. */
    @ParameterizedTest(name = "{0} sharing an address, pages of {1}")
    @CsvSource({"0, 10", "10, 10", "11, 10", "25, 10"})
    void membersSharingAnAddressPageBothWaysByTheLinks(int count, int limit) {
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Invitees.member(fixture.store, fixture.org, fixture.role, "other" + i + "@example.com", "auth0|other-" + i,
                    fixture.clock.instant());
            shared.add(Invitees.member(fixture.store, fixture.org, fixture.role, "Team@Example.com",
                    "auth0|team-" + i, fixture.clock.instant()).id());
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        LinkWalk.bothWays(link -> {
            APIGatewayV2HTTPResponse page = list(HttpApiEvents.request("GET", "/orgs/{org_id}/memberships")
                    .typicalHeaders().path("org_id", fixture.org).jwt("admin", fixture.org, "org.membership.read")
                    .rawQuery(URI.create(link).getRawQuery()));
            assertEquals(200, page.getStatusCode(), page.getBody());
            return page;
        }, "/orgs/" + fixture.org + "/memberships?version=2024-10-15&limit=" + limit + "&email=team%40example.com",
                shared, limit);
    }

    /** Given both filters, a membership must match both: the user's, if its address names the mailbox. */
    @ParameterizedTest(name = "email={0}, user_id={1}: {2} found")
    @CsvSource(delimiter = ';', value = {"ada@example.com; auth0|ada; 1", "ADA@example.com; auth0|ada; 1",
        "grace@example.com; auth0|ada; 0", "ada@example.com; auth0|grace; 0", "ada@example.com; auth0|added; 0",
        "ada@example.com; nobody; 0"})
    void givenBothFiltersAMembershipMustMatchBoth(String email, String userId, int found) {
        Invitees.member(fixture.store, fixture.org, fixture.role, "ada@example.com", "auth0|ada",
                fixture.clock.instant());
        Invitees.member(fixture.store, fixture.org, fixture.role, "grace@example.com", "auth0|grace",
                fixture.clock.instant());
        fixture.store.memberships().add(fixture.org, "auth0|added", fixture.role, "admin", fixture.clock.instant());

        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read").query("email", email)
                .query("user_id", userId));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(found, body(response).at("/data").size());
        assertEquals("/orgs/" + fixture.org + "/memberships?version=2024-10-15&limit=10&email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&user_id="
                + URLEncoder.encode(userId, StandardCharsets.UTF_8), body(response).at("/links/self").asText());
    }

    /**
     * An empty email, one longer than an invitation's address may be, or one that names no mailbox (no member's
     * address can be any of them) is a 400 naming the parameter, before any read; so with a user_id too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ada", "ada@example.com.", "ada@example", "ada\u200B@example.com",
        "ada@fa\u00DF.de", "@example.com"})
    void anEmailThatNamesNoMailboxIsABadRequest(String email) {
        for (HttpApiEvents request : List.of(request(fixture.org, "org.membership.read").query("email", email),
                request(fixture.org, "org.membership.read").query("email", email).query("user_id", "auth0|ada"))) {
            APIGatewayV2HTTPResponse response = list(request);

            assertEquals(400, response.getStatusCode(), response.getBody());
            assertEquals("email", error(response).at("/source/parameter").asText());
        }
    }

    /** An address of 254 characters, the most an invitation's may have, is a filter; one character more is not. */
    @ParameterizedTest(name = "{0} characters: {1}")
    @CsvSource({"254, 200", "255, 400", "100000, 400"})
    void anEmailLongerThanAnInvitationsAddressMayBeIsABadRequest(int length, int status) {
        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read")
                .query("email", address(length)));

        assertEquals(status, response.getStatusCode(), response.getBody());
        if (status == 400) {
            assertEquals("email", error(response).at("/source/parameter").asText());
        }
    }

    /** A well-formed address of {@code length} characters: a 64-character local part, the domain in 63-character labels. */
    private static String address(int length) {
        StringBuilder address = new StringBuilder("a".repeat(64)).append('@');
        while (length - address.length() > 63 + 4) {
            address.append("b".repeat(62)).append('.');
        }
        return address.append("c".repeat(length - address.length() - 4)).append(".com").toString();
    }

    /** Snyk's sorting and its filters by username and role name are not served: each is a 400 naming it. */
    @ParameterizedTest
    @CsvSource({"sort_by, email", "sort_order, DESC", "username, ada", "role_name, Developer"})
    void aParameterSnykDefinesButThisApiDoesNotServeIsABadRequest(String parameter, String value) {
        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read").query(parameter, value));

        assertEquals(400, response.getStatusCode());
        assertEquals(parameter, error(response).at("/source/parameter").asText());
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
