package dev.orginvites.local;

import static dev.orginvites.local.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API over HTTP, as a client sees it: the local API this build packages, or, with {@code -Pdeployed}, a
 * deployed stack. Only what holds in both places is asserted here, so a pass locally means the same requests pass
 * deployed: the functions' answers are held to the contract, API Gateway's own answers (401, 404, 413) to what
 * AWS documents. Every invitation a test creates is cancelled again.
 */
class HttpApiIT {
    private static final String VERSION = "2024-10-15";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private static ApiTarget target;
    private static ApiClient api;
    /** Why the suite does not run, when it does not. */
    private static String skipped;
    private static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void chooseTheTarget() throws Exception {
        if (ApiTarget.deployedRequested()) {
            String[] why = new String[1];
            target = ApiTarget.deployed(why);
            if (target == null) {
                skipped = "HttpApiIT skipped: " + why[0];
                System.out.println(skipped);
                return;
            }
        } else {
            target = ApiTarget.local(LocalApiProcess.shared());
        }
        api = new ApiClient(target.url);
        System.out.println("HttpApiIT runs against the " + target.name + " API at " + target.url);
    }

    @BeforeEach
    void runOnlyWhereConfigured() {
        assumeTrue(skipped == null, skipped);
    }

    @AfterAll
    static void cancelWhatWasCreated() throws Exception {
        if (api != null) {
            for (String id : created) {
                api.send("DELETE", "/orgs/" + target.org + "/invites/" + id + "?version=" + VERSION, bearer(), null);
            }
        }
    }

    private static String bearer() {
        return "Bearer " + target.token();
    }

    private static String email(String who) {
        return "it-" + RUN + "-" + who + "@example.com";
    }

    private static String invites() {
        return "/orgs/" + target.org + "/invites";
    }

    private static HttpResponse<String> invite(String email, String authorization) throws Exception {
        HttpResponse<String> response = api.send("POST", invites() + "?version=" + VERSION, authorization,
                "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"" + email + "\",\"role\":\""
                        + target.role + "\"}}}");
        remember(response);
        return response;
    }

    private static void remember(HttpResponse<String> response) throws Exception {
        if (response.statusCode() == 201) {
            created.add(json(response).at("/data/id").asText());
        }
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("data").forEach(invite -> ids.add(invite.path("id").asText()));
        return ids;
    }

    /** The org's pages of pending invitations, walking {@code links.next} from the first page. */
    private static List<JsonNode> pagesForward() throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        String link = invites() + "?version=" + VERSION + "&limit=10";
        while (link != null) {
            HttpResponse<String> response = api.send("GET", link, bearer(), null);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode page = json(response);
            pages.add(page);
            link = page.at("/links/next").isMissingNode() ? null : page.at("/links/next").asText();
        }
        return pages;
    }

    private static List<String> ids(List<JsonNode> pages) {
        List<String> ids = new ArrayList<>();
        pages.forEach(page -> ids.addAll(ids(page)));
        return ids;
    }

    /** Refusals by API Gateway: its status and document, never the functions' JSON:API error. */
    private static void assertGatewayAnswered(int status, String body, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(body, response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                response.headers().toString());
        assertTrue(response.headers().firstValue("snyk-request-id").isEmpty(), "no function ran");
    }

    @Test
    void createListPageBothWaysAndCancel() throws Exception {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> response = invite(email("walker" + i), bearer());
            assertEquals(201, response.statusCode(), response.body());
            String id = json(response).at("/data/id").asText();
            assertEquals(invites() + "/" + id, response.headers().firstValue("location").orElse(null));
            assertEquals(target.role, json(response).at("/data/attributes/role").asText());
            mine.add(id);
        }

        List<JsonNode> pages = pagesForward();
        List<String> forward = ids(pages);
        JsonNode last = pages.get(pages.size() - 1);
        List<String> backward = new ArrayList<>(ids(last));
        String link = last.at("/links/prev").isMissingNode() ? null : last.at("/links/prev").asText();
        while (link != null) {
            JsonNode page = json(api.send("GET", link, bearer(), null));
            backward.addAll(0, ids(page));
            link = page.at("/links/prev").isMissingNode() ? null : page.at("/links/prev").asText();
        }
        assertEquals(forward, backward, "both ways, the same invitations in the same order");
        List<String> walkedOfMine = new ArrayList<>(forward);
        walkedOfMine.retainAll(new HashSet<>(mine));
        assertEquals(mine, walkedOfMine, "every invitation created, once, in creation order");

        HttpResponse<String> cancelled = api.send("DELETE", invites() + "/" + mine.get(0) + "?version=" + VERSION,
                bearer(), null);
        assertEquals(204, cancelled.statusCode(), cancelled.body());
        assertEquals("", cancelled.body());
        assertEquals(404, api.send("DELETE", invites() + "/" + mine.get(0) + "?version=" + VERSION, bearer(), null)
                .statusCode());
        List<String> after = ids(pagesForward());
        assertFalse(after.contains(mine.get(0)));
        assertTrue(after.containsAll(mine.subList(1, mine.size())));
    }

    @Test
    void aCreatedInvitationsLocationReadsItAsTheListShowsItUntilItIsCancelled() throws Exception {
        HttpResponse<String> created = invite(email("located"), bearer());
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).at("/data/id").asText();
        String location = created.headers().firstValue("location").orElseThrow();
        assertEquals(location, json(created).at("/links/self").asText());

        HttpResponse<String> read = api.send("GET", location + "?version=" + VERSION, bearer(), null);

        assertEquals(200, read.statusCode(), read.body());
        assertEquals(location, json(read).at("/links/self").asText());
        JsonNode listed = null;
        for (JsonNode page : pagesForward()) {
            for (JsonNode invite : page.path("data")) {
                if (invite.path("id").asText().equals(id)) {
                    listed = invite;
                }
            }
        }
        assertEquals(listed, json(read).path("data"), "the list's resource, the role by name");

        assertEquals(204, api.send("DELETE", location + "?version=" + VERSION, bearer(), null).statusCode());
        HttpResponse<String> gone = api.send("GET", location + "?version=" + VERSION, bearer(), null);
        assertEquals(404, gone.statusCode(), gone.body());
        assertEquals("invite-not-found", json(gone).at("/errors/0/code").asText());
    }

    /**
     * A member added by id, given a role (a PATCH, through the gateway as through API Gateway) and removed, each at
     * the add's {@code location}; then that membership is gone. The member is removed again whatever happens.
     */
    @Test
    void anAddedMembersLocationTakesARoleChangeAndTheRemoval() throws Exception {
        String org = "{\"type\":\"org\",\"id\":\"" + target.org + "\"}";
        String role = "{\"type\":\"org_role\",\"id\":\"" + target.role + "\"}";
        HttpResponse<String> added = api.send("POST", "/orgs/" + target.org + "/memberships?version=" + VERSION,
                bearer(), "{\"data\":{\"type\":\"org_membership\",\"relationships\":{\"org\":{\"data\":" + org
                        + "},\"role\":{\"data\":" + role + "},\"user\":{\"data\":{\"type\":\"user\",\"id\":\"auth0|it-"
                        + RUN + "\"}}}}}");
        assertEquals(201, added.statusCode(), added.body());
        String id = json(added).at("/data/id").asText();
        String location = added.headers().firstValue("location").orElseThrow();
        try {
            assertTrue(location.endsWith("/orgs/" + target.org + "/memberships/" + id), location);

            HttpResponse<String> changed = api.send("PATCH", location + "?version=" + VERSION, bearer(),
                    "{\"data\":{\"type\":\"org_membership\",\"id\":\"" + id + "\",\"relationships\":{\"role\":"
                            + "{\"data\":" + role + "}}}}");
            assertEquals(204, changed.statusCode(), changed.body());
            assertEquals(204, api.send("DELETE", location + "?version=" + VERSION, bearer(), null).statusCode());
        } finally {
            HttpResponse<String> gone = api.send("DELETE", location + "?version=" + VERSION, bearer(), null);
            assertEquals(404, gone.statusCode(), gone.body());
            assertEquals("membership-not-found", json(gone).at("/errors/0/code").asText());
        }
    }

    @Test
    void aSecondInviteForTheSameAddressIsAConflict() throws Exception {
        assertEquals(201, invite(email("twice"), bearer()).statusCode());

        HttpResponse<String> again = invite(" " + email("Twice").toUpperCase(java.util.Locale.ROOT) + " ", bearer());

        assertEquals(409, again.statusCode(), again.body());
        assertEquals("invite-already-pending", json(again).at("/errors/0/code").asText());
    }

    @Test
    void anOlderReleaseReadsItsOwnLayoutAndSaysItIsSunset() throws Exception {
        HttpResponse<String> response = api.send("POST", invites() + "?version=2022-07-01", bearer(),
                "{\"email\":\"" + email("old-client") + "\",\"role\":\"" + target.role + "\"}");
        remember(response);

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("2022-06-01", response.headers().firstValue("snyk-version-served").orElse(null));
        assertEquals("sunset", response.headers().firstValue("snyk-version-lifecycle-stage").orElse(null));
        assertEquals("2023-04-28T00:00:00Z", response.headers().firstValue("deprecation").orElse(null));
        assertEquals("2023-10-26", response.headers().firstValue("sunset").orElse(null));
        assertEquals(target.role, json(response).at("/data/attributes/role").asText());
    }

    @Test
    void theTokenIsTakenAloneOrAfterBearer() throws Exception {
        for (String authorization : new String[] {target.token(), "Bearer " + target.token()}) {
            HttpResponse<String> response = api.send("GET", invites() + "?version=" + VERSION, authorization, null);

            assertEquals(200, response.statusCode(), response.body());
        }
    }

    @Test
    void withoutATokenTheGatewayAnswersUnauthorized() throws Exception {
        HttpResponse<String> response = api.send("GET", invites() + "?version=" + VERSION, null, null);

        assertGatewayAnswered(401, "{\"message\":\"Unauthorized\"}", response);
        assertTrue(response.headers().firstValue("www-authenticate").isEmpty(), response.headers().toString());
    }

    @Test
    void anInvalidTokenIsUnauthorizedWithAChallenge() throws Exception {
        String[] parts = target.token().split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"mallory\",\"org_id\":\"" + target.org + "\",\"permissions\":[\"org.user.invite\"]}")
                        .getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        for (String authorization : new String[] {"token " + target.token(), "Basic dXNlcjpwYXNz", "Bearer not.a.jwt",
                "Bearer " + tampered}) {
            HttpResponse<String> response = invite(email("nobody"), authorization);

            assertGatewayAnswered(401, "{\"message\":\"Unauthorized\"}", response);
            String challenge = response.headers().firstValue("www-authenticate").orElse(null);
            assertNotNull(challenge, authorization);
            assertTrue(challenge.matches("Bearer scope=\"\" error=\"invalid_token\" error_description=\"[^\"]+\""),
                    challenge);
        }
        JsonNode list = json(api.send("GET", invites() + "?version=" + VERSION + "&limit=100", bearer(), null));
        assertFalse(list.toString().contains(email("nobody")), "nothing was written");
    }

    @Test
    void aPathOrMethodWithNoRouteIsNotFoundEvenWithoutAToken() throws Exception {
        for (String[] request : new String[][] {
                {"GET", "/orgs/" + target.org + "/members?version=" + VERSION},
                {"PATCH", invites() + "?version=" + VERSION},
                {"PUT", invites() + "/" + UUID.randomUUID() + "?version=" + VERSION},
                {"GET", "/"}}) {
            for (String authorization : new String[] {bearer(), null}) {
                HttpResponse<String> response = api.send(request[0], request[1], authorization, null);

                assertGatewayAnswered(404, "{\"message\":\"Not Found\"}", response);
                assertTrue(response.headers().firstValue("allow").isEmpty(), "HTTP APIs have no 405");
            }
        }
    }

    @Test
    void anotherOrgIsNotFoundByTheFunction() throws Exception {
        HttpResponse<String> response = api.send("GET", "/orgs/" + UUID.randomUUID() + "/invites?version=" + VERSION,
                bearer(), null);

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("404", json(response).at("/errors/0/status").asText());
    }

    @Test
    void aBodyOverTenMegabytesIsRefusedByTheGateway() throws Exception {
        String body = "{\"data\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";

        HttpResponse<String> response = api.send("POST", invites() + "?version=" + VERSION, bearer(), body);

        assertEquals(413, response.statusCode());
        assertEquals("HTTP content length exceeded 10485760 bytes.", response.body());
    }
}
