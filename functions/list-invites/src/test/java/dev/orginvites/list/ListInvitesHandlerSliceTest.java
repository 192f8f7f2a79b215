package dev.orginvites.list;

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
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.version.Version;
import dev.orginvites.testkit.Base64UrlSpellings;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.LinkWalk;
import dev.orginvites.testkit.MemoryFixture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every status a list answers, through {@code handleRequest} on the in-memory store: milliseconds, beside the tests
 * on the emulator ({@link ListInvitesHandlerTest}).
 */
class ListInvitesHandlerSliceTest {
    private final MemoryFixture fixture = new MemoryFixture();
    private final String org = fixture.org;
    private final String role = fixture.role;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
            Contract.checked(new ListInvitesHandler(fixture.invitations, fixture.clock, RequestLog.discard()));
    private final List<String> ids = new ArrayList<>();

    ListInvitesHandlerSliceTest() {
        for (int i = 0; i < 15; i++) {
            ids.add(fixture.invitations.create(org, "person" + i + "@example.com", role, "inviter", fixture.clock.instant())
                    .id());
        }
    }

    private HttpApiEvents request(String... permissions) {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/invites").typicalHeaders().path("org_id", org)
                .jwt("user-1", org, permissions);
    }

    private APIGatewayV2HTTPResponse list(String rawQuery) {
        return handler.handleRequest(request("org.read", "org.user.read").rawQuery(rawQuery).build(), null);
    }

    private static List<String> ids(APIGatewayV2HTTPResponse response) {
        List<String> ids = new ArrayList<>();
        for (JsonNode invite : body(response).path("data")) {
            ids.add(invite.path("id").asText());
        }
        return ids;
    }

    /**
     * On a named stage (BasePath {@code /rest}) every link of a page starts with the stage, so a client that follows
     * them stays under it; walked forward and back by them, the pages are the same as at the root.
     */
    @Test
    void onANamedStageEveryLinkStartsWithTheBasePath() {
        ListInvitesHandler plain = new ListInvitesHandler(fixture.invitations, fixture.clock, RequestLog.discard());
        APIGatewayV2HTTPResponse first = plain.handleRequest(request("org.read", "org.user.read").stage("rest")
                .rawQuery("version=2024-10-15").build(), null);
        assertEquals(200, first.getStatusCode(), first.getBody());
        String path = "/rest/orgs/" + org + "/invites";
        for (String link : List.of("self", "first", "next")) {
            assertTrue(body(first).path("links").path(link).asText().startsWith(path + "?"),
                    link + ": " + first.getBody());
        }
        for (JsonNode invite : body(first).path("data")) {
            assertEquals("/rest/orgs/" + org, invite.at("/relationships/org/links/related").asText());
        }
        URI next = URI.create(body(first).path("links").path("next").asText());
        assertEquals(path, next.getRawPath());
        APIGatewayV2HTTPResponse second = plain.handleRequest(request("org.read", "org.user.read").stage("rest")
                .rawPath(next.getRawPath()).rawQuery(next.getRawQuery()).build(), null);
        assertEquals(ids.subList(10, 15), ids(second));
        assertTrue(body(second).path("links").path("prev").asText().startsWith(path + "?"), second.getBody());
    }

    @Test
    void pagesForwardAndBackByTheirLinks() {
        APIGatewayV2HTTPResponse first = list("version=2024-10-15");
        assertEquals(200, first.getStatusCode(), first.getBody());
        assertEquals(ids.subList(0, 10), ids(first));

        APIGatewayV2HTTPResponse second = list(URI.create(body(first).path("links").path("next").asText())
                .getRawQuery());
        assertEquals(ids.subList(10, 15), ids(second));
        assertTrue(body(second).path("links").path("next").isMissingNode());

        APIGatewayV2HTTPResponse back = list(URI.create(body(second).path("links").path("prev").asText())
                .getRawQuery());
        assertEquals(ids.subList(0, 10), ids(back));
    }

    /**
     * Through the handler and its links, each size an edge: none, one, a page exactly full, one over, several pages,
     * Snyk's largest page exactly full and one more page after it (ListInvitesHandlerTest walks some on DynamoDB).
     */
    @ParameterizedTest
    @CsvSource({"0,10", "1,10", "10,10", "11,10", "35,10", "100,100", "150,100"})
    void walksEveryInviteForwardAndBackwardOnceInOrder(int count, int limit) {
        String walked = UUID.randomUUID().toString();
        fixture.directory.putRole(walked, role, "Developer");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(fixture.invitations.create(walked, "user" + i + "@example.com", role, "inviter",
                    fixture.clock.instant()).id());
        }
        LinkWalk.bothWays(link -> {
            URI uri = URI.create(link);
            assertEquals("/orgs/" + walked + "/invites", uri.getPath());
            APIGatewayV2HTTPResponse page = handler.handleRequest(HttpApiEvents.request("GET", "/orgs/{org_id}/invites")
                    .typicalHeaders().path("org_id", walked).jwt("user-1", walked, "org.read", "org.user.read")
                    .rawQuery(uri.getRawQuery()).build(), null);
            assertEquals(200, page.getStatusCode(), page.getBody());
            return page;
        }, "/orgs/" + walked + "/invites?version=2024-10-15&limit=" + limit, created, limit);
    }

    @Test
    void aCursorIssuedBeforeCursorsNamedIdsStillReadsTheSamePage() {
        String earlier = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sk\":\"INVITE#" + ids.get(9) + "\"}").getBytes(StandardCharsets.UTF_8));

        APIGatewayV2HTTPResponse response = list("version=2024-10-15&starting_after=" + earlier);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(ids.subList(10, 15), ids(response));
    }

    @Test
    void expiredInvitationsAreNotListed() {
        fixture.clock.advance(Fixture.TTL);

        APIGatewayV2HTTPResponse response = list("version=2024-10-15");
        assertEquals(200, response.getStatusCode());
        assertEquals(List.of(), ids(response));
    }

    @Test
    void aBrokenCursorOrLimitIsABadRequest() {
        assertEquals(400, list("version=2024-10-15&starting_after=v1.eyJ9").getStatusCode());
        assertEquals(400, list("version=2024-10-15&limit=7").getStatusCode());
    }

    /**
     * A cursor of today's form ({@code {"id":…}}, 45 bytes) fills its last base64 group, so it has one spelling; one of
     * the earlier form ({@code {"sk":"INVITE#…"}}, still accepted) has 4 unused bits, so 15 other spellings.
     */
    @Test
    void aCursorSpelledOtherwiseThanTheApiIssuedItIsABadRequest() {
        String earlier = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sk\":\"INVITE#" + ids.get(9) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, list("version=2024-10-15&starting_after=v1." + earlier).getStatusCode(), "as issued");

        for (String spelling : Base64UrlSpellings.nonCanonical(earlier)) {
            APIGatewayV2HTTPResponse response = list("version=2024-10-15&starting_after=v1." + spelling);

            assertEquals(400, response.getStatusCode(), spelling);
            assertEquals("starting_after", error(response).at("/source/parameter").asText(), spelling);
        }
    }

    @Test
    void withoutBothReadPermissionsTheCallerIsForbidden() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request("org.read").query("version", "2024-10-15")
                .build(), null);

        assertEquals(403, response.getStatusCode());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("GET",
                "/orgs/{org_id}/invites").typicalHeaders().path("org_id", org).query("version", "2024-10-15").build(),
                null);

        assertEquals(401, response.getStatusCode());
    }

    @Test
    void anOrgTheTokenIsNotScopedToIsNotFound() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request("org.read", "org.user.read")
                .path("org_id", UUID.randomUUID().toString()).query("version", "2024-10-15").build(), null);

        assertEquals(404, response.getStatusCode());
    }

    /**
     * Snyk's list is unchanged by a failure: at every release it answers, a page holding failed invitations is the
     * page it was before they failed, byte for byte (Snyk's attributes, nothing added), and still lists them, as
     * they are still pending.
     */
    @Test
    void aFailedInvitationIsListedInEveryReleaseAsItWasBeforeItFailed() {
        List<String> versions = new ArrayList<>();
        for (Version release : ListInvitesHandler.OPERATION.releases().releases()) {
            versions.add(release.toString());
        }
        versions.add(LocalDate.ofInstant(fixture.clock.instant(), ZoneOffset.UTC).toString()); // today: the newest
        Map<String, String> before = new LinkedHashMap<>();
        for (String version : versions) {
            before.put(version, list("version=" + version + "&limit=20").getBody());
        }
        List<String> failed = List.of(ids.get(0), ids.get(7), ids.get(14));
        for (String id : failed) {
            assertEquals(DeliveryProblem.Recorded.RECORDED, fixture.invitations.recordFailure(org, id,
                    new DeliveryProblem(DeliveryProblem.BOUNCED, fixture.clock.instant()), fixture.clock.instant()));
        }

        for (String version : versions) {
            APIGatewayV2HTTPResponse after = list("version=" + version + "&limit=20");

            assertEquals(200, after.getStatusCode(), after.getBody());
            assertTrue(ids(after).containsAll(failed), version + ": " + after.getBody());
            assertEquals(before.get(version), after.getBody(), version);
        }
    }
}
