package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.devkit.Ports;
import dev.orginvites.shared.testing.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged local API as a user runs it ({@code java -jar local/target/org-invites-local.jar}), with a seed
 * file, and walks the whole API over real HTTP with tokens signed as the README says. Every answer on the contract's
 * routes, the local authorizer's 401s included, is held to the contract.
 */
class LocalApiIT {
    private static final String SECRET = "an-integration-test-secret-of-at-least-32-bytes";
    private static final String ORG = "2c1d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    private static final String OTHER_ORG = "7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a";
    private static final String ROLE = "4e3d2c1b-0a9f-4e8d-a7c6-b5a4f3e2d1c0";
    private static final String VERSION = "2024-10-15";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Process api;
    private static final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private static String base;
    private static int emulatorPort;
    private static TokenVerifier tokens;

    @BeforeAll
    static void startTheLocalApi() throws Exception {
        Path seed = Files.createTempFile("seed", ".json");
        Files.writeString(seed, "{\"orgs\":[{\"id\":\"" + ORG + "\",\"roles\":[{\"id\":\"" + ROLE
                + "\",\"name\":\"Developer\"}]},{\"id\":\"" + OTHER_ORG + "\",\"roles\":[]}]}");
        int port = Ports.free();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("orginvites.localApiJar"), "--seed", seed.toString(),
                "--template", System.getProperty("orginvites.template"))
                .redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("LOCAL_JWT_SECRET", SECRET);
        builder.environment().remove("DYNAMODB_ENDPOINT");
        api = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(api.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        Pattern serving = Pattern.compile("serving on (http://127\\.0\\.0\\.1:(\\d+)) \\(DynamoDB: http://127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (base == null) {
            String line = output.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("the local API did not start within 90 s");
            }
            Matcher m = serving.matcher(line);
            if (m.find()) {
                base = m.group(1);
                assertEquals(port, Integer.parseInt(m.group(2)), "PORT chooses the port");
                emulatorPort = Integer.parseInt(m.group(3));
            }
        }
        tokens = new TokenVerifier(SECRET, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (api != null) {
            api.destroy();
            api.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String token(String org, List<String> permissions, Duration lifetime) {
        return tokens.issue(Map.of("sub", "it-user", "org_id", org, "permissions", permissions), lifetime);
    }

    private static String admin() {
        return token(ORG, List.of("org.read", "org.user.read", "org.user.invite"), Duration.ofHours(1));
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/vnd.api+json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        checkContract(method, pathAndQuery, authorization, body, response);
        return response;
    }

    /** Holds every answer on one of the contract's routes to the contract, as the handler tests do. */
    private static void checkContract(String method, String pathAndQuery, String authorization, String body,
            HttpResponse<String> response) {
        URI uri = URI.create(pathAndQuery);
        String route = uri.getPath().matches("/orgs/[^/]+/invites") ? "/orgs/{org_id}/invites"
                : uri.getPath().matches("/orgs/[^/]+/invites/[^/]+") ? "/orgs/{org_id}/invites/{invite_id}" : null;
        boolean operation = route != null && (route.endsWith("{invite_id}") ? method.equals("DELETE")
                : method.equals("GET") || method.equals("POST"));
        if (!operation) {
            return; // API Gateway's own 404 and 405, for what the contract does not define
        }
        HttpApiEvents event = HttpApiEvents.request(method, route).rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery());
        if (authorization != null) {
            event.header("authorization", authorization);
        }
        if (body != null) {
            event.json(body);
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
        Contract.check(event.build(), APIGatewayV2HTTPResponse.builder().withStatusCode(response.statusCode())
                .withHeaders(headers).withBody(response.body().isEmpty() ? null : response.body()).build());
    }

    private static HttpResponse<String> invite(String email, String authorization) throws Exception {
        return send("POST", "/orgs/" + ORG + "/invites?version=" + VERSION, authorization,
                "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"" + email + "\",\"role\":\"" + ROLE
                        + "\"}}}");
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("data").forEach(invite -> ids.add(invite.path("id").asText()));
        return ids;
    }

    @Test
    void createListPageBothWaysCancelAndListAgain() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> response = invite("walker" + i + "@example.com", "Bearer " + admin());
            assertEquals(201, response.statusCode(), response.body());
            assertEquals("application/vnd.api+json", response.headers().firstValue("content-type").orElse(null));
            String id = json(response).at("/data/id").asText();
            assertEquals("/orgs/" + ORG + "/invites/" + id, response.headers().firstValue("location").orElse(null));
            created.add(id);
        }

        List<String> forward = new ArrayList<>();
        String link = "/orgs/" + ORG + "/invites?version=" + VERSION + "&limit=10";
        JsonNode page = null;
        while (link != null) {
            HttpResponse<String> response = send("GET", link, "token " + admin(), null);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("2022-11-14", response.headers().firstValue("snyk-version-served").orElse(null));
            page = json(response);
            forward.addAll(ids(page));
            link = page.at("/links/next").isMissingNode() ? null : page.at("/links/next").asText();
        }
        assertEquals(created, forward);

        List<String> backward = new ArrayList<>(ids(page));
        link = page.at("/links/prev").asText();
        while (link != null) {
            page = json(send("GET", link, "Bearer " + admin(), null));
            backward.addAll(0, ids(page));
            link = page.at("/links/prev").isMissingNode() ? null : page.at("/links/prev").asText();
        }
        assertEquals(created, backward);

        HttpResponse<String> cancelled = send("DELETE", "/orgs/" + ORG + "/invites/" + created.get(0)
                + "?version=" + VERSION, "Bearer " + admin(), null);
        assertEquals(204, cancelled.statusCode(), cancelled.body());
        assertEquals("", cancelled.body());
        assertEquals(404, send("DELETE", "/orgs/" + ORG + "/invites/" + created.get(0) + "?version=" + VERSION,
                "Bearer " + admin(), null).statusCode());

        JsonNode first = json(send("GET", "/orgs/" + ORG + "/invites?version=" + VERSION + "&limit=10",
                "Bearer " + admin(), null));
        assertEquals(created.subList(1, 11), ids(first));
    }

    @Test
    void aSecondInviteForTheSameAddressIsAConflict() throws Exception {
        assertEquals(201, invite("twice@example.com", "Bearer " + admin()).statusCode());

        HttpResponse<String> again = invite(" Twice@Example.com ", "Bearer " + admin());

        assertEquals(409, again.statusCode(), again.body());
        assertEquals("invite-already-pending", json(again).at("/errors/0/code").asText());
    }

    @Test
    void badOrMissingTokensAreUnauthorizedBeforeAnyHandlerRuns() throws Exception {
        String forged = new TokenVerifier("a-different-secret-that-is-also-32-bytes-long", Clock.systemUTC())
                .issue(Map.of("sub", "x", "org_id", ORG, "permissions", List.of("org.user.invite")), Duration.ofHours(1));
        String expired = token(ORG, List.of("org.user.invite"), Duration.ofSeconds(-60));
        for (String authorization : new String[] {null, "", "Bearer", "Basic dXNlcjpwYXNz", "Bearer not.a.jwt",
                "Bearer " + forged, "Bearer " + expired}) {
            HttpResponse<String> response = invite("nobody@example.com", authorization);

            assertEquals(401, response.statusCode(), authorization + ": " + response.body());
            assertEquals("401", json(response).at("/errors/0/status").asText());
            assertNotNull(response.headers().firstValue("snyk-request-id").orElse(null));
        }
        JsonNode list = json(send("GET", "/orgs/" + ORG + "/invites?version=" + VERSION + "&limit=100",
                "Bearer " + admin(), null));
        assertFalse(list.toString().contains("nobody@example.com"), "nothing was written");
    }

    @Test
    void aMissingPermissionIsForbiddenAndAnotherOrgIsNotFound() throws Exception {
        HttpResponse<String> forbidden = invite("reader@example.com",
                "Bearer " + token(ORG, List.of("org.read", "org.user.read"), Duration.ofHours(1)));
        assertEquals(403, forbidden.statusCode(), forbidden.body());

        HttpResponse<String> elsewhere = send("GET", "/orgs/" + OTHER_ORG + "/invites?version=" + VERSION,
                "Bearer " + admin(), null);
        assertEquals(404, elsewhere.statusCode(), elsewhere.body());
        assertNull(json(elsewhere).get("data"));
    }

    @Test
    void unknownRoutesAreNotFoundAndWrongMethodsNotAllowed() throws Exception {
        HttpResponse<String> unknown = send("GET", "/orgs/" + ORG + "/members?version=" + VERSION, "Bearer " + admin(), null);
        assertEquals(404, unknown.statusCode());
        assertEquals("route-not-found", json(unknown).at("/errors/0/code").asText());

        HttpResponse<String> wrongMethod = send("PATCH", "/orgs/" + ORG + "/invites?version=" + VERSION,
                "Bearer " + admin(), null);
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET, POST", wrongMethod.headers().firstValue("allow").orElse(null));
    }

    @Test
    void logsOneLinePerRequest() throws Exception {
        output.clear();
        send("GET", "/orgs/" + ORG + "/invites?version=" + VERSION, "Bearer " + admin(), null);
        send("GET", "/nowhere", null, null);

        List<String> lines = new ArrayList<>();
        while (lines.size() < 2) {
            String line = output.poll(10, TimeUnit.SECONDS);
            assertNotNull(line, "expected a log line per request; got " + lines);
            lines.add(line);
        }
        assertTrue(lines.get(0).contains("\"status\":200"), lines.get(0));
        assertTrue(lines.get(1).contains("\"status\":404"), lines.get(1));
        assertNull(output.poll(300, TimeUnit.MILLISECONDS), "one line per request");
    }

    @Test
    void stoppingTheApiStopsTheEmulatorItStarted() throws Exception {
        // Runs a second local API so the shared one keeps serving the other tests.
        int port = Ports.free();
        Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("orginvites.localApiJar"), "--port", Integer.toString(port),
                "--template", System.getProperty("orginvites.template")).redirectErrorStream(true).start();
        int moto = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8))) {
            Pattern emulator = Pattern.compile("DynamoDB: http://127\\.0\\.0\\.1:(\\d+)");
            for (String line; moto < 0 && (line = lines.readLine()) != null; ) {
                Matcher m = emulator.matcher(line);
                if (m.find()) {
                    moto = Integer.parseInt(m.group(1));
                }
            }
            assertTrue(moto > 0, "the second API printed its emulator");
            assertTrue(Ports.listening(moto));

            second.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM's shutdown hooks run
            assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Ports.listening(moto) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(Ports.listening(moto), "moto_server stopped with the API");
        assertTrue(Ports.listening(emulatorPort), "the other API's emulator is untouched");
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        });
    }
}
