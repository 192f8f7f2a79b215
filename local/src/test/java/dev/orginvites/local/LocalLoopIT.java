package dev.orginvites.local;

import static dev.orginvites.local.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.Ports;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole invitation loop over HTTP, on the packaged local API as a person runs it: an invitation is emailed by
 * deliver-invites (fed from the table's stream), the email is read from the outbox, the invitee accepts with a token
 * of their own, becomes a member, and the invitation is gone; a resend kills the old link and mails a new one. The
 * quick start the API prints is run as pasted, by a shell.
 */
class LocalLoopIT {
    private static final String VERSION = "2024-10-15";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The origin of the application's accept page (AcceptUrl), allowed by CORS_ALLOWED_ORIGINS. */
    private static final String APP = "https://app.example.com";
    /** Short, so the resend test need not wait five minutes. */
    private static final Duration RESEND_INTERVAL = Duration.ofSeconds(1);

    private static LocalApiProcess process;
    private static List<String> welcome;
    private static ApiClient api;
    private static String admin;

    @BeforeAll
    static void startALocalApiOfItsOwn() throws Exception {
        Path seed = Files.createTempFile("seed", ".json");
        Files.writeString(seed, "{\"orgs\":[{\"id\":\"" + LocalApiProcess.ORG + "\",\"roles\":[{\"id\":\""
                + LocalApiProcess.ROLE + "\",\"name\":\"Developer\"}]}]}");
        ProcessBuilder builder = LocalApiProcess.builder("--seed", seed.toString(), "--port",
                Integer.toString(Ports.free()));
        builder.environment().put("RESEND_INTERVAL", RESEND_INTERVAL.toString());
        builder.environment().put("CORS_ALLOWED_ORIGINS", "https://other.example.com, " + APP);
        process = new LocalApiProcess(builder.start());
        welcome = new ArrayList<>();
        for (String line; (line = process.output.poll(30, TimeUnit.SECONDS)) != null && !line.startsWith("Ctrl-C"); ) {
            welcome.add(line);
        }
        api = new ApiClient(process.url);
        admin = "Bearer " + new TokenVerifier(LocalApiProcess.SECRET, Clock.systemUTC()).issue(Map.of("sub", "it-admin",
                "org_id", LocalApiProcess.ORG, "permissions",
                List.of("org.read", "org.user.read", "org.user.invite", "org.membership.read")), Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.stop();
        }
    }

    private static String invite(String email) throws Exception {
        HttpResponse<String> created = api.send("POST", "/orgs/" + LocalApiProcess.ORG + "/invites?version=" + VERSION,
                admin, "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"" + email + "\",\"role\":\""
                        + LocalApiProcess.ROLE + "\"}}}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created).at("/data/id").asText();
    }

    private static JsonNode outbox() throws Exception {
        HttpResponse<String> response = api.send("GET", "/_local/outbox", null, null);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        return json(response);
    }

    /** The messages to an address, oldest first, once there are at least {@code count}. */
    private static List<JsonNode> messagesTo(String email, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonNode> to = new ArrayList<>();
            outbox().path("messages").forEach(message -> {
                if (message.path("to").asText().equals(email)) {
                    to.add(message);
                }
            });
            if (to.size() >= count) {
                return to;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + count + " messages to " + email + " within " + WAIT + ": " + outbox());
            }
            Thread.sleep(100);
        }
    }

    /** The accept token a link carries: its {@code token} query parameter, as the page it leads to reads it. */
    private static String tokenOf(String acceptUrl) {
        String query = URI.create(acceptUrl).getRawQuery();
        assertTrue(query != null && query.startsWith("token="), acceptUrl);
        return URLDecoder.decode(query.substring("token=".length()), StandardCharsets.UTF_8);
    }

    private static String invitee(String sub, String email) throws Exception {
        HttpResponse<String> minted = api.send("GET", "/_local/token?sub=" + sub + "&email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8), null, null);
        assertEquals(200, minted.statusCode(), minted.body());
        return "Bearer " + minted.body().trim();
    }

    private static HttpResponse<String> accept(String bearer, String token) throws Exception {
        return api.send("POST", "/invites/accept?version=" + VERSION, bearer,
                "{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":\"" + token + "\"}}}");
    }

    private static List<JsonNode> members(Predicate<JsonNode> which) throws Exception {
        HttpResponse<String> page = api.send("GET", "/orgs/" + LocalApiProcess.ORG + "/memberships?version=" + VERSION
                + "&limit=100", admin, null);
        assertEquals(200, page.statusCode(), page.body());
        List<JsonNode> found = new ArrayList<>();
        json(page).path("data").forEach(member -> {
            if (which.test(member)) {
                found.add(member);
            }
        });
        return found;
    }

    private static int status(String method, String path) throws Exception {
        return api.send(method, path, admin, null).statusCode();
    }

    @Test
    void anInvitationIsEmailedAcceptedByItsInviteeAndThenGone() throws Exception {
        String inviteId = invite("Grace@Example.com");

        JsonNode message = messagesTo("Grace@Example.com", 1).get(0);
        assertEquals(Set.of("to", "subject", "text", "accept_url"), fields(message), "the outbox's shape: " + message);
        assertFalse(message.path("subject").asText().isBlank());
        String link = message.path("accept_url").asText();
        assertTrue(link.startsWith(process.url + "/_local/accept?token="), link);
        assertTrue(message.path("text").asText().contains(link), "the link is the one in the text");

        HttpResponse<String> page = api.send("GET", URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery(),
                null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/invites/accept"), "the local accept page says how to accept: " + page.body());

        HttpResponse<String> wrongPerson = accept(invitee("mallory", "mallory@example.com"), tokenOf(link));
        assertEquals(403, wrongPerson.statusCode(), wrongPerson.body());

        HttpResponse<String> accepted = accept(invitee("grace", "grace@example.com"), tokenOf(link));
        assertEquals(201, accepted.statusCode(), accepted.body());
        assertEquals("grace", json(accepted).at("/data/relationships/user/data/id").asText());

        List<JsonNode> grace = members(member -> member.at("/relationships/user/data/id").asText().equals("grace"));
        assertEquals(1, grace.size(), "grace is listed once");
        assertEquals("Developer", grace.get(0).at("/relationships/role/data/attributes/name").asText());
        assertEquals(404, status("GET", "/orgs/" + LocalApiProcess.ORG + "/invites/" + inviteId + "?version=" + VERSION),
                "the invitation is gone");
        assertEquals(404, accept(invitee("grace", "grace@example.com"), tokenOf(link)).statusCode(),
                "a link works once");
    }

    /**
     * The accept page is the application's, on another origin: the browser's preflight is answered by the gateway,
     * before any route or token, and the accept itself reaches the function and may be read by the page.
     */
    @Test
    void theApplicationsAcceptPageAcceptsFromItsOwnOrigin() throws Exception {
        String acceptPath = "/invites/accept?version=" + VERSION;
        HttpResponse<String> preflight = api.send("OPTIONS", acceptPath, null, null, Map.of("Origin", APP,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type"));
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertEquals(APP, preflight.headers().firstValue("access-control-allow-origin").orElse(null));
        assertTrue(List.of(preflight.headers().firstValue("access-control-allow-methods").orElse("").split(","))
                .contains("POST"), preflight.headers().map().toString());
        assertTrue(List.of(preflight.headers().firstValue("access-control-allow-headers").orElse("").split(","))
                .containsAll(List.of("authorization", "content-type")), preflight.headers().map().toString());

        HttpResponse<String> stranger = api.send("OPTIONS", acceptPath, null, null, Map.of("Origin",
                "https://evil.example.com", "Access-Control-Request-Method", "POST"));
        assertEquals(204, stranger.statusCode());
        assertTrue(stranger.headers().firstValue("access-control-allow-origin").isEmpty(), "another origin");

        invite("lin@example.com");
        String token = tokenOf(messagesTo("lin@example.com", 1).get(0).path("accept_url").asText());
        HttpResponse<String> accepted = api.send("POST", acceptPath, invitee("lin", "lin@example.com"),
                "{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":\"" + token + "\"}}}",
                Map.of("Origin", APP));
        assertEquals(201, accepted.statusCode(), accepted.body());
        assertEquals(APP, accepted.headers().firstValue("access-control-allow-origin").orElse(null));
        assertTrue(accepted.headers().firstValue("access-control-expose-headers").orElse("")
                .contains("snyk-request-id"), accepted.headers().map().toString());
    }

    @Test
    void aResendKillsTheOldLinkAndMailsANewOneNewestLast() throws Exception {
        String first = invite("hopper@example.com");
        String oldLink = messagesTo("hopper@example.com", 1).get(0).path("accept_url").asText();
        Thread.sleep(RESEND_INTERVAL.toMillis() + 100);

        HttpResponse<String> resent = api.send("POST", "/orgs/" + LocalApiProcess.ORG + "/invites/" + first
                + "/resend?version=" + VERSION, admin, null);
        assertEquals(201, resent.statusCode(), resent.body());
        String second = json(resent).at("/data/id").asText();
        assertNotEquals(first, second);
        assertEquals("/orgs/" + LocalApiProcess.ORG + "/invites/" + second, resent.headers().firstValue("location")
                .orElseThrow());

        List<JsonNode> messages = messagesTo("hopper@example.com", 2);
        assertEquals(oldLink, messages.get(0).path("accept_url").asText(), "newest last");
        String newLink = messages.get(1).path("accept_url").asText();
        assertNotEquals(oldLink, newLink);

        HttpResponse<String> soon = api.send("POST", "/orgs/" + LocalApiProcess.ORG + "/invites/" + second
                + "/resend?version=" + VERSION, admin, null);
        assertTrue(soon.statusCode() == 429 || soon.statusCode() == 201, soon.body());

        String hopper = invitee("hopper", "hopper@example.com");
        assertEquals(404, accept(hopper, tokenOf(oldLink)).statusCode(), "the old link is dead");
        String current = soon.statusCode() == 201 ? messagesTo("hopper@example.com", 3).get(2).path("accept_url")
                .asText() : newLink;
        HttpResponse<String> accepted = accept(hopper, tokenOf(current));
        assertEquals(201, accepted.statusCode(), accepted.body());
        assertEquals(1, members(m -> m.at("/relationships/user/data/id").asText().equals("hopper")).size());
    }

    @Test
    void theQuickStartRunsAsPrinted() throws Exception {
        int from = -1;
        for (int i = 0; i < welcome.size(); i++) {
            if (welcome.get(i).startsWith("export API=")) {
                from = i;
            }
        }
        assertTrue(from >= 0, String.join("\n", welcome));
        String script = String.join("\n", welcome.subList(from, welcome.size())) + "\n";
        Process shell = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        assertTrue(shell.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the quick start finished");
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, shell.exitValue(), out);

        List<String> lines = out.lines().filter(line -> !line.isBlank()).toList();
        assertEquals("404", lines.get(lines.size() - 1), "the invitation is gone at the end: " + out);
        assertTrue(out.contains("\"type\":\"org_membership\""), "the acceptance and the list: " + out);
        assertEquals(1, members(m -> m.at("/relationships/user/data/attributes/email").asText()
                .equals("ada@example.com")).size(), out);
    }

    @Test
    void theLocalEndpointsNeedNoTokenAndRefuseWhatTheyDoNotServe() throws Exception {
        assertEquals(200, api.send("GET", "/_local/outbox", null, null).statusCode());
        assertEquals(400, api.send("GET", "/_local/token?email=x@example.com", null, null).statusCode(), "sub is needed");
        assertEquals(404, api.send("GET", "/_local/nothing", null, null).statusCode());
        assertEquals(404, api.send("DELETE", "/_local/outbox", null, null).statusCode());
    }

    private static Set<String> fields(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
