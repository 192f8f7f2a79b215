package dev.orginvites.local;

import static dev.orginvites.local.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.devkit.Ports;
import dev.orginvites.shared.http.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only the local API can show: tokens of every kind (the tests know its secret), its log, how it copes with
 * rude clients, its command line and its shutdown. {@link HttpApiIT} covers what holds deployed as well.
 */
class LocalApiIT {
    private static final String VERSION = "2024-10-15";
    private static final List<String> ALL = List.of("org.read", "org.user.read", "org.user.invite");

    private static LocalApiProcess process;
    private static ApiTarget target;
    private static ApiClient api;

    @BeforeAll
    static void startTheLocalApi() throws Exception {
        process = LocalApiProcess.shared();
        target = ApiTarget.local(process);
        api = new ApiClient(target.url);
    }

    private static Map<String, Object> claims(String org, List<String> permissions) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "it-user");
        claims.put("org_id", org);
        claims.put("permissions", permissions);
        return claims;
    }

    private static HttpResponse<String> list(String authorization) throws Exception {
        return api.send("GET", "/orgs/" + LocalApiProcess.ORG + "/invites?version=" + VERSION, authorization, null);
    }

    @Test
    void aMissingPermissionIsForbiddenAndAnotherOrgIsNotFound() throws Exception {
        HttpResponse<String> forbidden = api.send("POST", "/orgs/" + LocalApiProcess.ORG + "/invites?version=" + VERSION,
                "Bearer " + target.mint(claims(LocalApiProcess.ORG, List.of("org.read", "org.user.read")), Duration.ofHours(1)),
                "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"reader@example.com\",\"role\":\""
                        + LocalApiProcess.ROLE + "\"}}}");
        assertEquals(403, forbidden.statusCode(), forbidden.body());

        HttpResponse<String> elsewhere = api.send("GET", "/orgs/" + LocalApiProcess.OTHER_ORG + "/invites?version="
                + VERSION, "Bearer " + target.token(), null);
        assertEquals(404, elsewhere.statusCode(), elsewhere.body());
        assertNull(json(elsewhere).get("data"));
    }

    /** CORS is off unless origins are allowed: a preflight is a request like any other, and no CORS header is sent. */
    @Test
    void withNoAllowedOriginsNoCorsHeaderIsSent() throws Exception {
        Map<String, String> browser = Map.of("Origin", "https://app.example.com", "Access-Control-Request-Method",
                "GET");
        HttpResponse<String> preflight = api.send("OPTIONS", "/orgs/" + LocalApiProcess.ORG + "/invites?version="
                + VERSION, null, null, browser);
        assertEquals(404, preflight.statusCode(), "no OPTIONS route: " + preflight.body());
        HttpResponse<String> listed = api.send("GET", "/orgs/" + LocalApiProcess.ORG + "/invites?version=" + VERSION,
                "Bearer " + target.token(), null, Map.of("Origin", "https://app.example.com"));
        assertEquals(200, listed.statusCode(), listed.body());
        for (HttpResponse<String> response : List.of(preflight, listed)) {
            assertTrue(response.headers().map().keySet().stream().noneMatch(h -> h.startsWith("access-control-")),
                    response.headers().map().toString());
        }
    }

    /** Each claim the deployed authorizer validates, broken one at a time: 401 with the reason in the challenge. */
    @Test
    void theAuthorizerValidatesWhatTheDeployedOneValidates() throws Exception {
        TokenVerifier otherSecret = new TokenVerifier("a-different-secret-that-is-also-32-bytes-long",
                java.time.Clock.systemUTC());
        Map<String, Object> wrongIssuer = claims(LocalApiProcess.ORG, ALL);
        wrongIssuer.put("iss", "https://someone-else.example.com/");
        Map<String, Object> wrongAudience = claims(LocalApiProcess.ORG, ALL);
        wrongAudience.put("aud", List.of("another-api"));
        Map<String, Object> notYet = claims(LocalApiProcess.ORG, ALL);
        notYet.put("nbf", java.time.Instant.now().plusSeconds(600).getEpochSecond());
        Map<String, Object> issuedLater = claims(LocalApiProcess.ORG, ALL);
        issuedLater.put("iat", java.time.Instant.now().plusSeconds(600).getEpochSecond());
        Map<String, Object> noExpiry = claims(LocalApiProcess.ORG, ALL);
        noExpiry.put("exp", null);
        Map<String, String> refused = Map.of(
                otherSecret.issue(claims(LocalApiProcess.ORG, ALL), Duration.ofHours(1)), "signature",
                target.mint(claims(LocalApiProcess.ORG, ALL), Duration.ofSeconds(-60)), "has expired",
                target.mint(noExpiry, Duration.ofHours(1)), "has no expiry (exp)",
                target.mint(wrongIssuer, Duration.ofHours(1)), "issuer",
                target.mint(wrongAudience, Duration.ofHours(1)), "audience",
                target.mint(notYet, Duration.ofHours(1)), "not valid yet",
                target.mint(issuedLater, Duration.ofHours(1)), "issued in the future");
        for (Map.Entry<String, String> token : refused.entrySet()) {
            HttpResponse<String> response = list("Bearer " + token.getKey());

            assertEquals(401, response.statusCode(), token.getValue());
            assertEquals("{\"message\":\"Unauthorized\"}", response.body());
            String challenge = response.headers().firstValue("www-authenticate").orElse("");
            assertTrue(challenge.startsWith("Bearer scope=\"\" error=\"invalid_token\" error_description=\"")
                    && challenge.contains(token.getValue()), token.getValue() + ": " + challenge);
        }
    }

    @Test
    void theAudienceMayComeAsClientIdWhenThereIsNoAud() throws Exception {
        Map<String, Object> clientOnly = claims(LocalApiProcess.ORG, ALL);
        clientOnly.put("aud", null);
        clientOnly.put("client_id", TokenVerifier.AUDIENCE);
        Map<String, Object> bothWrongAud = claims(LocalApiProcess.ORG, ALL);
        bothWrongAud.put("aud", "another-api");
        bothWrongAud.put("client_id", TokenVerifier.AUDIENCE);

        assertEquals(200, list("Bearer " + target.mint(clientOnly, Duration.ofHours(1))).statusCode());
        assertEquals(401, list("Bearer " + target.mint(bothWrongAud, Duration.ofHours(1))).statusCode(),
                "aud, when present, is what counts");
    }

    @Test
    void logsOneLinePerRequestAndNeverARawPath() throws Exception {
        process.output.clear();
        list("Bearer " + target.token());
        String token = target.token();
        api.send("GET", "/orgs/victim@example.com/" + token + "/x", null, null);

        List<String> lines = new ArrayList<>();
        while (lines.size() < 2) {
            String line = process.output.poll(10, TimeUnit.SECONDS);
            assertNotNull(line, "expected a log line per request; got " + lines);
            lines.add(line);
        }
        assertTrue(lines.get(0).contains("\"status\":200"), lines.get(0));
        Matcher requestId = Pattern.compile("\"aws_request_id\":\"([^\"]*)\"").matcher(lines.get(0));
        assertTrue(requestId.find() && Ids.isUuid(requestId.group(1)),
                "a handler's line carries the invocation's request id, as Lambda's context gives it: " + lines.get(0));
        assertFalse(lines.get(1).contains("aws_request_id"),
                "no function ran for the gateway's refusal: " + lines.get(1));
        assertTrue(lines.get(1).contains("\"status\":404"), lines.get(1));
        assertTrue(lines.get(1).contains("\"route\":\"" + Gateway.NO_ROUTE + "\""), lines.get(1));
        assertFalse(lines.get(1).contains("victim"), lines.get(1));
        assertFalse(lines.get(1).contains(token.substring(0, 20)), lines.get(1));
        assertNull(process.output.poll(300, TimeUnit.MILLISECONDS), "one line per request");
    }

    /**
     * Requests the JDK's HTTP server refuses itself, before the gateway sees them (it offers no hook to answer them
     * otherwise): the README lists each with its status and says the body is the server's own HTML, and that they
     * are not logged. The deployed API's front refuses such requests too, with answers AWS does not document.
     */
    @Test
    void theJdkServersOwnRefusalsAreTheOnesTheReadmeDocuments() throws Exception {
        String post = "POST /orgs/" + LocalApiProcess.ORG + "/invites?version=" + VERSION + " HTTP/1.1\r\nHost: x\r\n";
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(post + "Content-Length: ten\r\n\r\n", "400 Bad Request");
        refusals.put(post + "Content-Length: -1\r\n\r\n", "400 Bad Request");
        refusals.put(post + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", "400 Bad Request");
        refusals.put(post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400 Bad Request");
        refusals.put(post + "Transfer-Encoding: gzip\r\n\r\n", "501 Not Implemented");
        refusals.put("GET /orgs/a|b HTTP/1.1\r\nHost: x\r\n\r\n", "400 Bad Request");
        refusals.put("GET /orgs HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n", "400 Bad Request");
        refusals.put("NONSENSE\r\n\r\n", "400 Bad Request");
        process.output.clear();
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            try (Socket socket = new Socket("127.0.0.1", process.port)) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(refusal.getKey().getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 " + refusal.getValue() + "\r\n"), refusal.getKey() + " => "
                        + answer);
                assertTrue(answer.contains("\r\nContent-Type: text/html\r\n"), answer);
                assertTrue(answer.contains("\r\n\r\n<h1>"), answer);
            }
        }
        assertEquals(200, list("Bearer " + target.token()).statusCode(), "the API serves on");
        String line = process.output.poll(10, TimeUnit.SECONDS);
        assertNotNull(line);
        assertTrue(line.contains("\"status\":200"), "no refusal was logged: " + line);
    }

    /** Clients that send half a request hold a thread each, until the read timeout closes them; others go on. */
    @Test
    void halfSentRequestsNeitherStarveOthersNorStayOpen() throws Exception {
        List<Socket> rude = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                Socket socket = new Socket("127.0.0.1", process.port);
                socket.getOutputStream().write("POST /orgs/".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                rude.add(socket);
            }
            long started = System.nanoTime();
            assertEquals(200, list("Bearer " + target.token()).statusCode());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "answered while 24 clients dawdle");

            for (Socket socket : rude) {
                socket.setSoTimeout((int) LocalApi.REQUEST_READ_TIMEOUT.plusSeconds(20).toMillis());
                InputStream in = socket.getInputStream();
                int read;
                try {
                    read = in.read();
                } catch (IOException reset) {
                    read = -1;
                }
                assertEquals(-1, read, "the server closed the half-sent request's connection");
            }
        } finally {
            for (Socket socket : rude) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyOverTheLimitGetsTheGatewaysAnswerEvenWhenSentSlowlyInChunks() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", process.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /orgs/" + LocalApiProcess.ORG + "/invites?version=" + VERSION + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/vnd.api+json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1024 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 11; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(30_000);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.endsWith("HTTP content length exceeded 10485760 bytes."), answer);
        }
        // Its log line is written after the answer: wait for it, so it lands in no later test's log.
        String line;
        do {
            line = process.output.poll(10, TimeUnit.SECONDS);
            assertNotNull(line, "the 413 is logged");
        } while (!line.contains("\"status\":413"));
    }

    @Test
    void helpPrintsTheUsageAndAnUnknownOptionSaysWhat() throws Exception {
        Process help = LocalApiProcess.builder("--help").start();
        String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(help.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue(), helpText);
        assertTrue(helpText.startsWith("usage: ./local-api"), helpText);
        assertFalse(helpText.contains("Exception"), helpText);

        Process wrong = LocalApiProcess.builder("--prot", "3000").start();
        String wrongText = new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(wrong.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, wrong.exitValue(), wrongText);
        assertTrue(wrongText.startsWith("unknown option: --prot"), wrongText);
        assertTrue(wrongText.contains("usage: ./local-api"), wrongText);
        assertFalse(wrongText.contains("Exception"), wrongText);
    }

    @Test
    void stoppingTheApiStopsTheEmulatorItStarted() throws Exception {
        // A second local API, on the port PORT names, so the shared one keeps serving the other tests.
        int port = Ports.free();
        ProcessBuilder builder = LocalApiProcess.builder();
        builder.environment().put("PORT", Integer.toString(port));
        LocalApiProcess second = new LocalApiProcess(builder.start());
        int moto = second.emulatorPort;
        try {
            assertEquals(port, second.port, "PORT chooses the port");
            assertTrue(Ports.listening(moto));
            theWelcomeTextsCommandsWork(second);
        } catch (Throwable failure) {
            second.stop(); // a failed check must not leave this API and its moto running after the suite
            throw failure;
        }

        assertTrue(second.stop(), "the API stopped");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Ports.listening(moto) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(Ports.listening(moto), "moto_server stopped with the API");
        assertTrue(Ports.listening(process.emulatorPort), "the other API's emulator is untouched");
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        });
    }

    /**
     * With a base path ({@code --base-path /rest}, as the template's {@code BasePath} deploys a stage {@code rest}),
     * every operation answers under it and every link and {@code location} it answers starts with it, so a client
     * that follows them stays under it; the root answers as API Gateway answers a path no stage serves, and the
     * welcome text's {@code API} ends with the base path. (Without one, the shared API's tests are today's.)
     */
    @Test
    void withABasePathEverythingIsServedUnderItAndLinksStayUnderIt() throws Exception {
        ProcessBuilder builder = LocalApiProcess.builder("--base-path", "/rest", "--seed",
                LocalApiProcess.seed().toString(), "--port", "0");
        builder.environment().put("RESEND_INTERVAL", "PT1S");
        LocalApiProcess rest = new LocalApiProcess(builder.start());
        try {
            String root = "http://127.0.0.1:" + rest.port;
            assertEquals(root + "/rest", rest.url, "it says where it serves");
            ApiClient under = new ApiClient(root + "/rest");
            ApiClient top = new ApiClient(root);
            String token = "Bearer " + target.mint(claims(LocalApiProcess.ORG, List.of("org.read", "org.user.read",
                    "org.user.invite", "org.membership.read")), Duration.ofHours(1));
            String org = "/orgs/" + LocalApiProcess.ORG;

            HttpResponse<String> created = under.send("POST", org + "/invites?version=" + VERSION, token,
                    "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"rest-"
                            + System.nanoTime() + "@example.com\",\"role\":\"" + LocalApiProcess.ROLE + "\"}}}");
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("location").orElseThrow();
            assertTrue(location.startsWith("/rest" + org + "/invites/"), location);
            assertEquals(location, json(created).path("links").path("self").asText());
            assertEquals("/rest" + org, json(created).at("/data/relationships/org/links/related").asText());

            // The location (a path from the host, as a client resolves it) is the invitation; ApiClient takes paths
            // under the base path, which it holds to the contract.
            String invite = location.substring("/rest".length());
            HttpResponse<String> read = under.send("GET", invite + "?version=" + VERSION, token, null);
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(location, json(read).path("links").path("self").asText());

            HttpResponse<String> listed = under.send("GET", org + "/invites?version=" + VERSION + "&limit=10", token,
                    null);
            assertEquals(200, listed.statusCode(), listed.body());
            json(listed).path("links").forEach(link -> assertTrue(link.asText().startsWith("/rest" + org + "/invites?"),
                    listed.body()));

            HttpResponse<String> members = under.send("GET", org + "/memberships?version=" + VERSION, token, null);
            assertEquals(200, members.statusCode(), members.body());
            json(members).path("links").forEach(link -> assertTrue(
                    link.asText().startsWith("/rest" + org + "/memberships?"), members.body()));

            Thread.sleep(1_100); // RESEND_INTERVAL
            HttpResponse<String> resent = under.send("POST", invite + "/resend?version=" + VERSION, token, null);
            assertEquals(201, resent.statusCode(), resent.body());
            String reissued = resent.headers().firstValue("location").orElseThrow();
            assertTrue(reissued.startsWith("/rest" + org + "/invites/") && !reissued.equals(location), reissued);

            assertEquals(204, under.send("DELETE", reissued.substring("/rest".length()) + "?version=" + VERSION, token,
                    null).statusCode());

            // Outside the base path: API Gateway's 404, for the routes and for anything else.
            for (String path : List.of(org + "/invites?version=" + VERSION, "/invites/accept?version=" + VERSION,
                    "/rest", "/restful" + org + "/invites?version=" + VERSION, "/_local/outbox")) {
                HttpResponse<String> outside = top.send("GET", path, token, null);
                assertEquals(404, outside.statusCode(), path);
                assertEquals("{\"message\":\"Not Found\"}", outside.body(), path);
                assertEquals("application/json", outside.headers().firstValue("content-type").orElse(""), path);
            }
            // The local API's own endpoints are under it too, so the printed commands' $API/_local/... work.
            assertEquals(200, under.send("GET", "/_local/outbox", null, null).statusCode());

            List<String> welcome = new ArrayList<>();
            for (String line; (line = rest.output.poll(10, TimeUnit.SECONDS)) != null && !line.startsWith("Ctrl-C"); ) {
                welcome.add(line);
            }
            Matcher export = Pattern.compile("export API=(\\S+) ORG=").matcher(String.join("\n", welcome));
            assertTrue(export.find(), welcome.toString());
            assertEquals(root + "/rest", export.group(1));
        } finally {
            assertTrue(rest.stop(), "the API stopped");
        }
    }

    /**
     * {@code INVITE_QUOTA} is the quota the local API counts against, as the functions' is: the org's third create
     * under a quota of 2 is a 429 with {@code retry-after} until the first is a day old.
     */
    @Test
    void theQuotaItRunsWithIsInviteQuota() throws Exception {
        ProcessBuilder builder = LocalApiProcess.builder("--seed", LocalApiProcess.seed().toString(), "--port", "0");
        builder.environment().put("INVITE_QUOTA", "2");
        LocalApiProcess capped = new LocalApiProcess(builder.start());
        try {
            ApiClient api = new ApiClient("http://127.0.0.1:" + capped.port);
            String token = "Bearer " + target.mint(claims(LocalApiProcess.ORG, List.of("org.user.invite")),
                    Duration.ofHours(1));
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 3; i++) {
                last = api.send("POST", "/orgs/" + LocalApiProcess.ORG + "/invites?version=" + VERSION, token,
                        "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"quota-" + i
                                + "@example.com\",\"role\":\"" + LocalApiProcess.ROLE + "\"}}}");
                statuses.add(last.statusCode());
            }

            assertEquals(List.of(201, 201, 429), statuses, last.body());
            assertEquals("invite-quota-exceeded", json(last).at("/errors/0/code").asText());
            long retryAfter = Long.parseLong(last.headers().firstValue("retry-after").orElseThrow());
            assertTrue(retryAfter > Duration.ofHours(23).toSeconds() && retryAfter <= Duration.ofDays(1).toSeconds(),
                    "until the first create is a day old: " + retryAfter);
        } finally {
            assertTrue(capped.stop(), "the API stopped");
        }
    }

    /** A JVM killed with SIGKILL runs no shutdown hook: the emulator's watchdog stops moto all the same. */
    @Test
    void aKilledApiLeavesNoEmulatorRunning() throws Exception {
        LocalApiProcess killed = LocalApiProcess.start("--port", "0");
        List<ProcessHandle> started = killed.process.toHandle().descendants().toList();
        assertFalse(started.isEmpty(), "the API started moto_server");
        try {
            killed.process.destroyForcibly();
            assertTrue(killed.process.waitFor(30, TimeUnit.SECONDS), "the API was killed");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            for (ProcessHandle each : started) {
                assertFalse(each.isAlive(), "process " + each.pid() + " " + each.info().commandLine().orElse("")
                        + " outlived the API by 30 s");
            }
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The welcome text's token and commands, as printed: the Bearer scheme, the printed org. */
    private static void theWelcomeTextsCommandsWork(LocalApiProcess api) throws Exception {
        List<String> welcome = new ArrayList<>();
        for (String line; (line = api.output.poll(10, TimeUnit.SECONDS)) != null && !line.startsWith("Ctrl-C"); ) {
            welcome.add(line);
        }
        String text = String.join("\n", welcome);
        Matcher export = Pattern.compile("export API=(\\S+) ORG=(\\S+) ROLE=(\\S+) OTHER_ROLE=(\\S+) TOKEN=(\\S+)")
                .matcher(text);
        assertTrue(export.find(), text);
        assertTrue(text.contains("Authorization: Bearer $TOKEN"), text);
        assertFalse(text.toLowerCase(java.util.Locale.ROOT).contains("token $token"), text);
        assertTrue(text.contains("once RESEND_INTERVAL, PT5M, has passed"), "the default interval: " + text);
        assertEquals(200, new ApiClient(export.group(1)).send("GET", "/orgs/" + export.group(2) + "/invites?version="
                + VERSION, "Bearer " + export.group(5), null).statusCode());
    }
}
