package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import dev.orginvites.devkit.LoopbackServers;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.http.RequestLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local gateway throttles each route as the template's default route settings say, with a token bucket: its
 * burst at once, then its rate, and a 429 {"message":"Too Many Requests"} before any function runs. Time is a
 * counter the tests move, so nothing here depends on how fast the machine is.
 */
class ThrottleTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(123 * SECOND);

    @Test
    void aRouteTakesItsBurstAtOnceAndThenNothingUntilTimePasses() {
        Throttle throttle = new Throttle(3, 1, now::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(throttle.admit("GET /a"), "request " + (i + 1) + " of the burst");
        }
        assertFalse(throttle.admit("GET /a"));
        assertFalse(throttle.admit("GET /a"), "a refused request takes nothing and gives nothing back");
    }

    @Test
    void aRouteRegainsItsRateASecondAndNeverMoreThanItsBurst() {
        Throttle throttle = new Throttle(4, 2, now::get);
        drain(throttle, "GET /a", 4);

        now.addAndGet(SECOND / 4); // half a token
        assertFalse(throttle.admit("GET /a"));
        now.addAndGet(SECOND / 4); // the other half
        assertTrue(throttle.admit("GET /a"));
        assertFalse(throttle.admit("GET /a"));

        now.addAndGet(60 * SECOND); // 120 tokens' worth, of which the bucket holds 4
        drain(throttle, "GET /a", 4);
    }

    @Test
    void eachRouteHasABucketOfItsOwn() {
        Throttle throttle = new Throttle(2, 1, now::get);
        drain(throttle, "GET /a", 2);
        assertTrue(throttle.admit("POST /a"));
        assertTrue(throttle.admit("POST /a"));
        assertFalse(throttle.admit("POST /a"));
    }

    @Test
    void aClockThatGoesBackGivesNothing() {
        Throttle throttle = new Throttle(1, 1, now::get);
        assertTrue(throttle.admit("GET /a"));
        now.addAndGet(-10 * SECOND);
        assertFalse(throttle.admit("GET /a"));
        now.addAndGet(10 * SECOND); // back where it was: still nothing regained
        assertFalse(throttle.admit("GET /a"));
        now.addAndGet(SECOND);
        assertTrue(throttle.admit("GET /a"));
    }

    @Test
    void offAdmitsEverything() {
        for (int i = 0; i < 10_000; i++) {
            assertTrue(Throttle.OFF.admit("GET /a"));
        }
    }

    /** What the local API applies is what the template deploys with its parameters' defaults. */
    @Test
    void theTemplatesDefaultRouteSettingsAreWhatTheLocalApiApplies() throws IOException {
        SamTemplate template = SamTemplate.locate();
        JsonNode parameters = new YAMLMapper().readTree(template.path().toFile()).path("Parameters");
        Throttle throttle = Throttle.of(template, now::get);

        assertEquals(Double.parseDouble(parameters.at("/ThrottlingBurstLimit/Default").asText()), throttle.burst());
        assertEquals(Double.parseDouble(parameters.at("/ThrottlingRateLimit/Default").asText()),
                throttle.ratePerSecond());
        drain(throttle, "GET /orgs/{org_id}/invites", (int) throttle.burst());
    }

    @Test
    void aTemplateWithoutThrottlingIsNotThrottledAndOneWithHalfOfItIsRefused(@TempDir Path dir) throws IOException {
        assertSame(Throttle.OFF, Throttle.of(template(dir, ""), now::get));

        Throttle literal = Throttle.of(template(dir, """
                      DefaultRouteSettings:
                        ThrottlingBurstLimit: 7
                        ThrottlingRateLimit: 0.5
                """), now::get);
        assertEquals(7, literal.burst());
        assertEquals(0.5, literal.ratePerSecond());

        IllegalStateException half = assertThrows(IllegalStateException.class, () -> Throttle.of(template(dir, """
                      DefaultRouteSettings:
                        ThrottlingRateLimit: 10
                """), now::get));
        assertTrue(half.getMessage().contains("ThrottlingRateLimit without ThrottlingBurstLimit"), half.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Throttle.of(template(dir, """
                      DefaultRouteSettings:
                        ThrottlingBurstLimit: 0
                        ThrottlingRateLimit: 10
                """), now::get), "a burst of 0 refuses everything: not something to serve locally");
    }

    /**
     * Over HTTP: the throttled request is API Gateway's 429, refused before the token is looked at and before any
     * handler runs, and a route that has regained a token is served again.
     */
    @Test
    void theGatewayAnswersAThrottledRequestWithApiGatewaysOwn429() throws Exception {
        TokenVerifier tokens = new TokenVerifier(TokenVerifier.DEFAULT_SECRET, Clock.systemUTC());
        AtomicInteger invoked = new AtomicInteger();
        Router router = new Router(List.of(new SamTemplate.Route("GET", "/orgs/{org_id}/invites", "ListFunction",
                "functions/list-invites", "List", Duration.ofSeconds(10))), route -> (event, context) -> {
                    invoked.incrementAndGet();
                    APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
                    response.setStatusCode(200);
                    response.setBody("{}");
                    return response;
                });
        HttpServer server = LoopbackServers.create(0, 8);
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", new Gateway(router, tokens, RequestLog.discard(),
                new LocalEndpoints(new Outbox(url + "/_local/accept?token={token}"), new EventLog(),
                        tokens, url), Cors.OFF,
                new Throttle(2, 1, now::get), ""));
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String token = "Bearer " + tokens.issue(Map.of("sub", "me"), Duration.ofMinutes(5));
            HttpRequest list = HttpRequest.newBuilder(URI.create(url + "/orgs/o/invites")).header("Authorization",
                    token).build();
            HttpRequest noToken = HttpRequest.newBuilder(URI.create(url + "/orgs/o/invites")).build();

            assertEquals(200, http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, http.send(noToken, HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "a request without a token takes a token from the bucket too");
            HttpResponse<String> throttled = http.send(list, HttpResponse.BodyHandlers.ofString());
            assertEquals(429, throttled.statusCode());
            assertEquals("{\"message\":\"Too Many Requests\"}", throttled.body());
            assertEquals("application/json", throttled.headers().firstValue("content-type").orElse(null));
            assertTrue(throttled.headers().firstValue("apigw-requestid").isPresent());
            assertEquals(429, http.send(noToken, HttpResponse.BodyHandlers.ofString()).statusCode(),
                    "throttled before the token is checked");
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(url + "/nowhere")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "no route, no route's bucket");
            assertEquals(1, invoked.get(), "no handler ran for the refused requests");

            now.addAndGet(SECOND);
            assertEquals(200, http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(2, invoked.get());
        } finally {
            server.stop(0);
        }
    }

    private static void drain(Throttle throttle, String route, int tokens) {
        for (int i = 0; i < tokens; i++) {
            assertTrue(throttle.admit(route), route + ": token " + (i + 1) + " of " + tokens);
        }
        assertFalse(throttle.admit(route), route + ": more than " + tokens);
    }

    private static SamTemplate template(Path dir, String apiProperties) throws IOException {
        Path file = Files.createTempFile(dir, "template", ".yaml");
        Files.writeString(file, """
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      StageName: $default
                """ + apiProperties);
        return SamTemplate.load(file);
    }
}
