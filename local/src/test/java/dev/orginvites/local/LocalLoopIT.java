package dev.orginvites.local;

import static dev.orginvites.local.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.Ports;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.testkit.ApiDocument;
import dev.orginvites.testkit.DeployedOperations;
import java.io.IOException;
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
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /** An org of its own for the test of refused and lost writes, so that the mailer's lines for it are its own. */
    private static final String RETRY_ORG = "5b8e1f0a-6c2d-4e3b-9a7f-1d0c2b3a4e5f";
    private static final String RETRY_ROLE = "0f1e2d3c-4b5a-4697-8877-665544332211";

    private static LocalApiProcess process;
    private static List<String> welcome;
    private static ApiClient api;
    private static String admin;

    @BeforeAll
    static void startALocalApiOfItsOwn() throws Exception {
        Path seed = Files.createTempFile("seed", ".json");
        Files.writeString(seed, "{\"orgs\":[{\"id\":\"" + LocalApiProcess.ORG + "\",\"roles\":[{\"id\":\""
                + LocalApiProcess.ROLE + "\",\"name\":\"Developer\"}]},{\"id\":\"" + RETRY_ORG + "\",\"roles\":[{\"id\":\""
                + RETRY_ROLE + "\",\"name\":\"Developer\"}]},{\"id\":\"" + Seed.SANDBOX_ORG + "\",\"roles\":[{\"id\":\""
                + Seed.SANDBOX_ROLE + "\",\"name\":\"Developer\"}]}]}");
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
        admin = adminOf(LocalApiProcess.ORG);
    }

    private static String adminOf(String org) {
        return "Bearer " + new TokenVerifier(LocalApiProcess.SECRET, Clock.systemUTC()).issue(Map.of("sub", "it-admin",
                "org_id", org, "permissions",
                Operation.permissionsOf(DeployedOperations.all())), Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        if (process != null) {
            process.stop();
        }
    }

    private static String invite(String email) throws Exception {
        HttpResponse<String> created = create(LocalApiProcess.ORG, admin, LocalApiProcess.ROLE, email);
        assertEquals(201, created.statusCode(), created.body());
        return json(created).at("/data/id").asText();
    }

    private static HttpResponse<String> create(String org, String bearer, String role, String email) throws Exception {
        return api.send("POST", "/orgs/" + org + "/invites?version=" + VERSION, bearer,
                "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"" + email + "\",\"role\":\"" + role
                        + "\"}}}");
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

    /** The invitation as the read's {@code 2026-12-04} release shows it, once {@code until} holds (within WAIT). */
    private static JsonNode readUntil(String id, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> read = api.send("GET", "/orgs/" + LocalApiProcess.ORG + "/invites/" + id
                    + "?version=2026-12-04", admin, null);
            assertEquals(200, read.statusCode(), read.body());
            JsonNode invitation = json(read).path("data");
            if (until.test(invitation)) {
                return invitation;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not so within " + WAIT + ": " + read.body());
            }
            Thread.sleep(100);
        }
    }

    /**
     * SES's mailbox simulator, answered as SES answers it, through the path the template wires (the default bus, the
     * rule, the queue, record-feedback): a bounce and a complaint fail their invitations, with the reason, and a
     * failed invitation is not sent again; a message to {@code ooto@} or {@code success@} fails nothing.
     */
    @Test
    void theSimulatorsBouncesAndComplaintsFailTheirInvitationsThroughTheDeployedPath() throws Exception {
        String run = Long.toString(System.nanoTime());
        Map<String, String> expected = Map.of("bounce+" + run, "bounced", "complaint+" + run, "complained",
                "suppressionlist+" + run, "suppressed");
        Map<String, String> ids = new java.util.TreeMap<>();
        for (String local : List.of("bounce+" + run, "complaint+" + run, "suppressionlist+" + run, "ooto+" + run,
                "success+" + run)) {
            ids.put(local, invite(local + "@simulator.amazonses.com"));
        }

        for (Map.Entry<String, String> failed : expected.entrySet()) {
            JsonNode invitation = readUntil(ids.get(failed.getKey()),
                    read -> read.at("/attributes/failed_reason").isTextual());
            assertEquals(failed.getValue(), invitation.at("/attributes/failed_reason").asText(), failed.getKey());
            assertTrue(invitation.at("/attributes/is_active").asBoolean(), "still pending, holding its address");
            HttpResponse<String> resent = api.send("POST", "/orgs/" + LocalApiProcess.ORG + "/invites/"
                    + ids.get(failed.getKey()) + "/resend?version=" + VERSION, admin, null);
            assertEquals(409, resent.statusCode(), resent.body());
            assertEquals("invite-failed", json(resent).at("/errors/0/code").asText());
        }
        for (String fine : List.of("ooto+" + run, "success+" + run)) {
            messagesTo(fine + "@simulator.amazonses.com", 1);
        }
        // A bounce sent after them: once it has failed, whatever their sends reported has been recorded too.
        String sentinel = invite("bounce+sentinel-" + run + "@simulator.amazonses.com");
        readUntil(sentinel, read -> read.at("/attributes/failed_reason").isTextual());
        for (String fine : List.of("ooto+" + run, "success+" + run)) {
            assertTrue(readUntil(ids.get(fine), read -> true).at("/attributes/failed_reason").isMissingNode(), fine);
        }
    }

    private static JsonNode events(String email) throws Exception {
        HttpResponse<String> response = api.send("GET", "/_local/events?email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8), null, null);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        return json(response).path("events");
    }

    /** An address's events, oldest first, once {@code count} of them are of {@code type}. */
    private static List<JsonNode> eventsUntil(String email, String type, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonNode> found = new ArrayList<>();
            events(email).forEach(found::add);
            if (found.stream().filter(e -> e.path("detail-type").asText().equals(type)).count() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + count + " " + type + " for " + email + " within " + WAIT + ": "
                        + found);
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode ofType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("detail-type").asText().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + events));
    }

    /**
     * The application hears of every change, over the bus, in the order they happened: the invitation created,
     * delivered, resent (a new id), delivered again, accepted (with its membership created: one transaction, whose
     * two events have no order between them); the membership given another role, removed; another invitation
     * cancelled. Each event is as a rule's target gets it, and its detail keeps to the published schema; the actors
     * are who acted.
     */
    @Test
    void theEventsTellTheApplicationOfEveryChangeInOrder() throws Exception {
        String email = "babbage@example.com";
        String first = invite(email);
        messagesTo(email, 1);
        eventsUntil(email, "org_invitation.delivered", 1);
        Thread.sleep(RESEND_INTERVAL.toMillis() + 100);
        HttpResponse<String> resent = api.send("POST", "/orgs/" + LocalApiProcess.ORG + "/invites/" + first
                + "/resend?version=" + VERSION, admin, null);
        assertEquals(201, resent.statusCode(), resent.body());
        String second = json(resent).at("/data/id").asText();
        String link = messagesTo(email, 2).get(1).path("accept_url").asText();
        eventsUntil(email, "org_invitation.delivered", 2);
        HttpResponse<String> accepted = accept(invitee("babbage", email), tokenOf(link));
        assertEquals(201, accepted.statusCode(), accepted.body());
        String member = json(accepted).at("/data/id").asText();
        eventsUntil(email, "org_membership.created", 1);
        eventsUntil(email, "org_invitation.accepted", 1);
        HttpResponse<String> changed = api.send("PATCH", "/orgs/" + LocalApiProcess.ORG + "/memberships/" + member
                + "?version=" + VERSION, admin, "{\"data\":{\"type\":\"org_membership\",\"id\":\"" + member
                + "\",\"relationships\":{\"role\":{\"data\":{\"type\":\"org_role\",\"id\":\""
                + LocalApiProcess.ROLE + "\"}}}}}");
        assertEquals(204, changed.statusCode(), changed.body());
        eventsUntil(email, "org_membership.updated", 1);
        assertEquals(204, status("DELETE", "/orgs/" + LocalApiProcess.ORG + "/memberships/" + member + "?version="
                + VERSION));
        List<JsonNode> events = eventsUntil(email, "org_membership.deleted", 1);

        List<String> types = events.stream().map(e -> e.path("detail-type").asText()).toList();
        assertEquals(8, types.size(), types.toString());
        assertEquals(List.of("org_invitation.created", "org_invitation.delivered", "org_invitation.resent",
                "org_invitation.delivered"), types.subList(0, 4));
        assertEquals(Set.of("org_invitation.accepted", "org_membership.created"), Set.copyOf(types.subList(4, 6)));
        assertEquals(List.of("org_membership.updated", "org_membership.deleted"), types.subList(6, 8));
        Set<String> ids = new TreeSet<>();
        for (JsonNode event : events) {
            assertEquals(Set.of("id", "detail-type", "source", "time", "detail"), fields(event), event.toString());
            assertEquals("org-invites", event.path("source").asText());
            assertEquals(LocalApiProcess.ORG, event.at("/detail/org_id").asText());
            dev.orginvites.testkit.EventSchemas.validate(event.path("detail-type").asText(), event.path("detail"));
            assertTrue(ids.add(event.at("/detail/event_id").asText()), "one id an event: " + events);
        }
        assertEquals(first, events.get(0).at("/detail/data/id").asText());
        assertEquals("it-admin", events.get(0).at("/detail/actor/sub").asText());
        assertEquals(second, events.get(2).at("/detail/data/id").asText());
        assertEquals(first, events.get(2).at("/detail/previous_invite_id").asText());
        JsonNode acceptance = ofType(events, "org_invitation.accepted");
        assertEquals("babbage", acceptance.at("/detail/actor/sub").asText());
        assertEquals(member, acceptance.at("/detail/membership_id").asText());
        JsonNode joined = ofType(events, "org_membership.created");
        assertEquals(member, joined.at("/detail/data/id").asText());
        assertEquals(email, joined.at("/detail/data/relationships/user/data/attributes/email").asText());
        assertEquals("it-admin", events.get(7).at("/detail/actor/sub").asText());

        String other = "lovelace-cancelled@example.com";
        String cancelled = invite(other);
        assertEquals(204, status("DELETE", "/orgs/" + LocalApiProcess.ORG + "/invites/" + cancelled + "?version="
                + VERSION));
        JsonNode cancel = ofType(eventsUntil(other, "org_invitation.cancelled", 1), "org_invitation.cancelled");
        assertFalse(cancel.at("/detail/data/attributes/is_active").asBoolean());
        assertEquals("it-admin", cancel.at("/detail/actor/sub").asText());
        assertTrue(process.output.stream().noneMatch(line -> line.contains(email)),
                "no address in the log");
    }

    /** The quick start as the welcome text prints it: from its {@code export} line to the end. */
    private static String quickStart() {
        int from = -1;
        for (int i = 0; i < welcome.size(); i++) {
            if (welcome.get(i).startsWith("export API=")) {
                from = i;
            }
        }
        assertTrue(from >= 0, String.join("\n", welcome));
        return String.join("\n", welcome.subList(from, welcome.size())) + "\n";
    }

    private static final Pattern INVITED = Pattern.compile("\"email\":\"(ada-[^\"]+)\"");

    /**
     * Run twice in one session, as a reader trying it again would: each run invites, accepts, finds the member by
     * address, changes her role, removes her and invites her again, and ends as the first.
     */
    @Test
    void theQuickStartRunsAsPrintedAndAgain() throws Exception {
        List<String> invitees = new ArrayList<>();
        for (int run = 1; run <= 2; run++) {
            Process shell = new ProcessBuilder("sh", "-c", quickStart()).redirectErrorStream(true).start();
            assertTrue(shell.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "run " + run + " finished");
            String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, shell.exitValue(), out);

            List<String> lines = out.lines().filter(line -> !line.isBlank()).toList();
            assertEquals(List.of("204", "204", "201"), lines.subList(lines.size() - 3, lines.size()),
                    "run " + run + ": role changed, removed, invited again: " + out);
            assertTrue(lines.contains("404"), "run " + run + ": the accepted invitation is gone: " + out);
            Matcher invited = INVITED.matcher(out);
            assertTrue(invited.find(), out);
            String email = invited.group(1);
            invitees.add(email);
            assertTrue(out.contains("\"user\":{\"data\":{\"id\":\"" + email.substring(0, email.indexOf('@'))),
                    "run " + run + ": the list filtered by her address shows her: " + out);
            assertTrue(out.contains("\"name\":\"Ada Lovelace\""), "run " + run + ": with her token's name: " + out);
            assertTrue(out.contains("\"detail-type\":\"org_invitation.accepted\"")
                    && out.contains("\"detail-type\":\"org_membership.created\""),
                    "run " + run + ": the accept's events on the bus: " + out);
            assertEquals(0, members(m -> m.at("/relationships/user/data/attributes/email").asText().equals(email))
                    .size(), "run " + run + ": " + email + " was removed: " + out);
        }
        assertNotEquals(invitees.get(0), invitees.get(1), "each run invites someone new");
    }

    static final String NOT_RUN = "<!-- not run by the docs test: ";

    /**
     * Every {@code sh} block in the README and docs/ runs, as pasted into a shell holding the variables the local API
     * prints at start, and exits 0 with no 5xx and no refusal by the gateway; a block that cannot run here (it needs
     * AWS, or is the test suite itself) says why on the line before it ({@value #NOT_RUN}…).
     */
    @Test
    void everyCommandBlockInTheReadmeAndDocsRunsOrSaysWhyNot() throws Exception {
        Path root = ApiDocument.repositoryRoot();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (var docs = Files.list(root.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        String exports = "API=" + process.url + " ORG=" + LocalApiProcess.ORG + " ROLE=" + LocalApiProcess.ROLE
                + " OTHER_ROLE=" + LocalApiProcess.ROLE + " TOKEN=" + admin.substring("Bearer ".length()) + "\n";
        List<String> ran = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).equals("```sh")) {
                    continue;
                }
                int end = i + 1;
                while (!lines.get(end).equals("```")) {
                    end++;
                }
                String where = file.getFileName() + ":" + (i + 1);
                if (i == 0 || !lines.get(i - 1).startsWith(NOT_RUN)) {
                    String script = exports + lines.subList(i + 1, end).stream()
                            .filter(line -> !line.startsWith("export API="))
                            .collect(Collectors.joining("\n")) + "\n";
                    Process shell = new ProcessBuilder("sh", "-ec", script).redirectErrorStream(true).start();
                    assertTrue(shell.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), where + " finished");
                    String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertEquals(0, shell.exitValue(), where + ":\n" + out);
                    assertFalse(out.contains("\"status\":\"5"), where + " answered a 5xx:\n" + out);
                    assertFalse(out.contains("{\"message\":"), where + " was refused by the gateway:\n" + out);
                    ran.add(where);
                }
                i = end;
            }
        }
        assertTrue(ran.size() >= 2, "the quick start and the other operations run: " + ran);
    }

    /**
     * The README's quick start is the welcome text's, but for the values its export line prints at start and the
     * welcome text's notes around the steps.
     */
    @Test
    void theReadmesQuickStartIsTheOnePrinted() throws IOException {
        String readme = Files.readString(ApiDocument.repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
        String printed = quickStart();
        String fromReadme = readme.substring(readme.indexOf("export API="));
        fromReadme = fromReadme.substring(0, fromReadme.indexOf("```"));
        UnaryOperator<String> commands = script -> script.lines().skip(1)
                .filter(line -> !line.isBlank() && !line.startsWith("# tokens are") && !line.startsWith("# here HS256")
                        && !line.startsWith("# More:") && !line.startsWith("# resend one")
                        && !line.startsWith("# cancel one"))
                .collect(Collectors.joining("\n"));
        assertEquals(commands.apply(printed), commands.apply(fromReadme));
    }

    /**
     * moto applies a transaction that fails item by item and then rolls the table back: a create refused with 409,
     * an accept refused with 409 (a member already) and the resends that lose a race each do. The mailer still
     * emails every invitation issued after them, and never sees what they wrote.
     */
    @Test
    void afterRefusedAndLostWritesEveryInvitationIsEmailedAndNothingRolledBackReachesTheMailer() throws Exception {
        String retryAdmin = adminOf(RETRY_ORG);
        List<String> issued = new ArrayList<>();
        java.util.function.Function<String, String> created = email -> {
            try {
                HttpResponse<String> answer = create(RETRY_ORG, retryAdmin, RETRY_ROLE, email);
                assertEquals(201, answer.statusCode(), answer.body());
                String id = json(answer).at("/data/id").asText();
                issued.add(id);
                return id;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };

        created.apply("turing@example.com");
        HttpResponse<String> twice = create(RETRY_ORG, retryAdmin, RETRY_ROLE, "turing@example.com");
        assertEquals(409, twice.statusCode(), twice.body());
        created.apply("lamport@example.com");
        messagesTo("lamport@example.com", 1);

        String turing = invitee("turing", "turing@example.com");
        assertEquals(201, accept(turing, tokenOf(messagesTo("turing@example.com", 1).get(0).path("accept_url")
                .asText())).statusCode());
        created.apply("turing@example.com");
        HttpResponse<String> member = accept(turing, tokenOf(messagesTo("turing@example.com", 2).get(1)
                .path("accept_url").asText()));
        assertEquals(409, member.statusCode(), member.body());
        created.apply("liskov@example.com");
        messagesTo("liskov@example.com", 1);

        String knuth = created.apply("knuth@example.com");
        messagesTo("knuth@example.com", 1);
        Thread.sleep(RESEND_INTERVAL.toMillis() + 100);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> resends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            resends.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return api.send("POST", "/orgs/" + RETRY_ORG + "/invites/" + knuth + "/resend?version=" + VERSION,
                            retryAdmin, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var resend : resends) {
            HttpResponse<String> answer = resend.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 201) {
                issued.add(json(answer).at("/data/id").asText());
            }
        }
        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), "one resend wins: " + statuses);
        assertTrue(statuses.stream().allMatch(status -> status == 201 || status == 404 || status == 429),
                statuses.toString());
        created.apply("hamilton@example.com");
        messagesTo("hamilton@example.com", 1);
        messagesTo("knuth@example.com", 2);

        // The mailer logs a line per record it is handed: for this org, exactly one per invitation issued, sent.
        // A rolled-back create's or resend's insert would show as an invitation no answer named (not_pending).
        Map<String, List<String>> outcomes = new java.util.TreeMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!outcomes.keySet().containsAll(issued)) {
            String line = process.output.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertTrue(line != null, "the mailer logged " + outcomes + " of " + issued);
            if (line.contains("\"invite_delivery\"") && line.contains(RETRY_ORG)) {
                JsonNode logged = ApiClient.JSON.readTree(line);
                outcomes.computeIfAbsent(logged.path("invite_id").asText(), id -> new ArrayList<>())
                        .add(logged.path("outcome").asText());
            }
        }
        Map<String, List<String>> expected = new java.util.TreeMap<>();
        issued.forEach(id -> expected.put(id, List.of("sent")));
        assertEquals(expected, outcomes);
    }

    @Test
    void theWelcomeTextGivesTheResendIntervalItRunsWith() {
        String text = String.join("\n", welcome);
        assertTrue(text.contains("once RESEND_INTERVAL, " + RESEND_INTERVAL + ", has passed"), text);
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
