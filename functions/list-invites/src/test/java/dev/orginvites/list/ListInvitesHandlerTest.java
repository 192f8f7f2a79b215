package dev.orginvites.list;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static dev.orginvites.testkit.Bodies.ids;
import static dev.orginvites.testkit.Bodies.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.LinkWalk;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@EmulatorTest
class ListInvitesHandlerTest {
    private static final String ROUTE = "/orgs/{org_id}/invites";
    private static final String VERSION = "2024-10-15";

    private final Fixture fixture = new Fixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(new ListInvitesHandler(fixture.invitations, fixture.clock,
            new RequestLog(new PrintStream(OutputStream.nullOutputStream()))));

    private List<String> invite(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Invite invite = fixture.invitations.create(fixture.org, "user" + i + "@example.com",
                    i % 2 == 0 ? fixture.developer : fixture.admin, "inviter", fixture.clock.instant());
            ids.add(invite.id());
        }
        return ids;
    }

    private HttpApiEvents request() {
        return HttpApiEvents.request("GET", ROUTE).typicalHeaders().path("org_id", fixture.org)
                .jwt("user-1", fixture.org, "org.read", "org.user.read");
    }

    private APIGatewayV2HTTPResponse get(HttpApiEvents events) {
        return handler.handleRequest(events.build(), null);
    }

    /** Follows a link as a client would: the link's path and query become the next request. */
    private APIGatewayV2HTTPResponse follow(String link) {
        URI uri = URI.create(link);
        assertEquals("/orgs/" + fixture.org + "/invites", uri.getPath());
        APIGatewayV2HTTPResponse response = get(request().rawQuery(uri.getRawQuery()));
        assertEquals(200, response.getStatusCode(), response.getBody());
        return response;
    }

    // Through the handler and its links on DynamoDB, one walk per paging path: an empty org, a last page exactly full
    // (DynamoDB then still returns a LastEvaluatedKey; moto does not), and several pages ending short. The other sizes
    // are walked on the in-memory store (ListInvitesHandlerSliceTest) and the store's paging over larger orgs in the
    // conformance suite, which both stores run.
    @ParameterizedTest
    @CsvSource({"0,10", "10,10", "35,10"})
    void walksEveryInviteForwardAndBackwardOnceInOrder(int count, int limit) {
        LinkWalk.bothWays(this::follow, "/orgs/" + fixture.org + "/invites?version=" + VERSION + "&limit=" + limit,
                invite(count), limit);
    }

    @Test
    void aFullLastPageHasNoNextLink() {
        invite(20);
        APIGatewayV2HTTPResponse second = follow(link(follow("/orgs/" + fixture.org + "/invites?version=" + VERSION
                + "&limit=10"), "next"));

        assertEquals(10, ids(second).size());
        assertEquals(null, link(second, "next"));
    }

    private void cancel(List<String> ids) {
        for (String id : ids) {
            assertTrue(fixture.invitations.cancel(fixture.org, id, "admin", fixture.clock.instant()));
        }
    }

    private String firstPage() {
        return "/orgs/" + fixture.org + "/invites?version=" + VERSION + "&limit=10";
    }

    @Test
    void aPageHasNoPrevLinkOnceEverythingBeforeItIsCancelled() {
        List<String> created = invite(25);
        String second = link(follow(firstPage()), "next");
        cancel(created.subList(0, 10));

        APIGatewayV2HTTPResponse page = follow(second);

        assertEquals(created.subList(10, 20), ids(page));
        assertEquals(null, link(page, "prev"), "nothing precedes the page any more");
        assertNotNull(link(page, "next"));
    }

    @Test
    void aPageReachedBackwardsHasNoNextLinkOnceEverythingAfterItIsCancelled() {
        List<String> created = invite(25);
        APIGatewayV2HTTPResponse last = follow(link(follow(link(follow(firstPage()), "next")), "next"));
        String middle = link(last, "prev");
        cancel(created.subList(20, 25));

        APIGatewayV2HTTPResponse page = follow(middle);

        assertEquals(created.subList(10, 20), ids(page));
        assertEquals(null, link(page, "next"), "nothing follows the page any more");
        assertNotNull(link(page, "prev"));
    }

    @Test
    void anEmptyPageAfterACursorLinksBackToTheInvitationsBeforeIt() {
        List<String> created = invite(25);
        String second = link(follow(firstPage()), "next");
        String third = link(follow(second), "next");
        cancel(created.subList(20, 25));

        APIGatewayV2HTTPResponse empty = follow(third);

        assertEquals(List.of(), ids(empty));
        assertEquals(null, link(empty, "next"));
        assertNotNull(link(empty, "prev"), "invitations remain before the page");
        APIGatewayV2HTTPResponse before = follow(link(empty, "prev"));
        assertEquals(created.subList(10, 20), ids(before));
        assertNotNull(link(before, "prev"));
        assertEquals(null, link(before, "next"));
    }

    @Test
    void anEmptyPageBeforeACursorLinksOnToTheInvitationsAfterIt() {
        List<String> created = invite(25);
        APIGatewayV2HTTPResponse second = follow(link(follow(firstPage()), "next"));
        String first = link(second, "prev");
        cancel(created.subList(0, 10));

        APIGatewayV2HTTPResponse empty = follow(first);

        assertEquals(List.of(), ids(empty));
        assertEquals(null, link(empty, "prev"));
        assertNotNull(link(empty, "next"), "invitations remain after the page");
        APIGatewayV2HTTPResponse after = follow(link(empty, "next"));
        assertEquals(created.subList(10, 20), ids(after));
        assertEquals(null, link(after, "prev"));
    }

    @Test
    void anEmptyOrgsPagesHaveNoLinksToFollow() {
        List<String> created = invite(11);
        String second = link(follow(firstPage()), "next");
        cancel(created);

        for (APIGatewayV2HTTPResponse page : List.of(follow(firstPage()), follow(second))) {
            assertEquals(List.of(), ids(page));
            assertEquals(null, link(page, "prev"));
            assertEquals(null, link(page, "next"));
        }
    }

    @Test
    void showsInvitationsWithTheRoleByNameAndTheVersionHeaders() {
        invite(2);
        APIGatewayV2HTTPResponse response = get(request().query("version", VERSION));

        assertEquals(200, response.getStatusCode());
        assertEquals("application/vnd.api+json", response.getHeaders().get("content-type"));
        assertEquals("2022-11-14", response.getHeaders().get("snyk-version-served"));
        assertEquals("ga", response.getHeaders().get("snyk-version-lifecycle-stage"));
        JsonNode data = body(response).path("data");
        assertEquals("Developer", data.get(0).at("/attributes/role").asText());
        assertEquals("Org Admin", data.get(1).at("/attributes/role").asText());
        assertEquals("user0@example.com", data.get(0).at("/attributes/email").asText());
        assertTrue(data.get(0).at("/attributes/is_active").asBoolean());
        assertEquals(fixture.org, data.get(0).at("/relationships/org/data/id").asText());
        assertEquals("1.0", body(response).at("/jsonapi/version").asText());
    }

    @Test
    void theDefaultLimitIsTen() {
        invite(12);
        APIGatewayV2HTTPResponse response = get(request().query("version", VERSION));

        assertEquals(10, ids(response).size());
        assertTrue(link(response, "self").endsWith("&limit=10"));
        assertNotNull(link(response, "next"));
    }

    @Test
    void linksKeepTheRequestedVersion() {
        invite(11);
        APIGatewayV2HTTPResponse response = get(request().query("version", "2023-01-01~beta"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(link(response, "next").contains("version=2023-01-01~beta&limit=10&starting_after=v1."));
        assertEquals(11, ids(response).size() + ids(follow(link(response, "next"))).size());
    }

    @Test
    void expiredInvitationsAreSkippedAndDoNotShortenPages() {
        List<String> expired = invite(15);
        fixture.clock.advance(Duration.ofDays(3));
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            pending.add(fixture.invitations.create(fixture.org, "later" + i + "@example.com", fixture.developer, "inviter",
                    fixture.clock.instant()).id());
        }
        fixture.clock.advance(Fixture.TTL.minus(Duration.ofDays(1)));

        APIGatewayV2HTTPResponse first = get(request().query("version", VERSION));
        assertEquals(pending.subList(0, 10), ids(first));
        assertEquals(null, link(first, "prev"));
        APIGatewayV2HTTPResponse second = follow(link(first, "next"));
        assertEquals(pending.subList(10, 12), ids(second));
        assertEquals(null, link(second, "next"));
        assertFalse(ids(first).stream().anyMatch(expired::contains));
    }

    @Test
    void anotherOrgsInvitationsNeverShow() {
        invite(3);
        fixture.invitations.create(fixture.otherOrg, "elsewhere@example.com", fixture.otherOrgsRole, "x",
                fixture.clock.instant());

        APIGatewayV2HTTPResponse mine = get(request().query("version", VERSION));
        assertEquals(3, ids(mine).size());
        APIGatewayV2HTTPResponse theirs = get(HttpApiEvents.request("GET", ROUTE).typicalHeaders().path("org_id", fixture.otherOrg)
                .query("version", VERSION).jwt("user-1", fixture.org, "org.read", "org.user.read"));
        assertEquals(404, theirs.getStatusCode());
        assertFalse(theirs.getBody().contains("elsewhere"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.read", "org.user.read", "org.user.invite"})
    void listingNeedsBothReadPermissions(String only) {
        APIGatewayV2HTTPResponse response = get(HttpApiEvents.request("GET", ROUTE).typicalHeaders().path("org_id", fixture.org)
                .query("version", VERSION).jwt("user-1", fixture.org, only));

        assertEquals(403, response.getStatusCode());
        assertEquals("403", error(response).path("status").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "5", "15", "110", "1000", "abc", "", "010", "-10", "+10", "10.0", "1e1", " 10",
            "10,20"})
    void aLimitOutsideTenToAHundredInTensIsABadRequest(String limit) {
        APIGatewayV2HTTPResponse response = get(request().query("version", VERSION).query("limit", limit));

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("limit", error(response).at("/source/parameter").asText());
    }

    private static String encoded(String json) {
        return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void forgedOrBrokenCursorsAreBadRequests() {
        invite(3);
        String id = UUID.randomUUID().toString();
        List<String> cursors = List.of("", "garbage", "v1.", "v1.!!!", "v2." + encoded("{\"sk\":\"INVITE#" + id + "\"}")
                .substring(3), encoded("{\"sk\":\"ROLE#" + fixture.developer + "\"}"),
                encoded("{\"sk\":\"EMAIL#user0@example.com\"}"), encoded("{\"sk\":\"CANCELLED#" + id + "\"}"),
                encoded("{\"pk\":\"ORG#" + fixture.otherOrg + "\",\"sk\":\"INVITE#" + id + "\"}"),
                encoded("{\"sk\":\"INVITE#" + id.toUpperCase() + "\"}"), encoded("{\"sk\":\"INVITE#not-a-uuid\"}"),
                encoded("{\"sk\":\"INVITE#" + id + "\"} "), encoded("[]"), encoded("null"),
                "v1." + "A".repeat(5000));
        for (String cursor : cursors) {
            for (String parameter : new String[] {"starting_after", "ending_before"}) {
                APIGatewayV2HTTPResponse response = get(request().query("version", VERSION).query(parameter, cursor));

                assertEquals(400, response.getStatusCode(), cursor + " " + response.getBody());
                assertEquals(parameter, error(response).at("/source/parameter").asText());
                assertFalse(response.getBody().contains("user0@example.com"));
            }
        }
    }

    @Test
    void bothCursorsAtOnceIsABadRequest() {
        invite(11);
        String next = link(get(request().query("version", VERSION)), "next");
        String cursor = next.substring(next.indexOf("starting_after=") + "starting_after=".length());

        APIGatewayV2HTTPResponse response = get(request().query("version", VERSION)
                .query("starting_after", cursor).query("ending_before", cursor));

        assertEquals(400, response.getStatusCode());
        assertEquals("ending_before", error(response).at("/source/parameter").asText());
    }

    @Test
    void unknownQueryParametersAreRefused() {
        APIGatewayV2HTTPResponse response = get(request().query("version", VERSION).query("sort", "email"));

        assertEquals(400, response.getStatusCode());
        assertEquals("sort", error(response).at("/source/parameter").asText());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = get(HttpApiEvents.request("GET", ROUTE).typicalHeaders().path("org_id", fixture.org)
                .query("version", VERSION));

        assertEquals(401, response.getStatusCode());
    }
}
