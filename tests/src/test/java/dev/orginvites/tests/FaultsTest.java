package dev.orginvites.tests;

import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.Ports;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB failing under the functions, through the DynamoDB client as the functions configure it (timeouts,
 * retries): the endpoint down, connections reset before or after a call lands, throttling, answers slower than the
 * attempt timeout. A fault that outlasts the retries is a clean 500 error document carrying the request id, with its
 * cause in the log; a passing fault is retried away; and in every case the table's invariants hold afterwards.
 */
@EmulatorTest
class FaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fixture fixture = new Fixture();
    private final FaultProxy proxy;
    private final Api api;

    FaultsTest() throws IOException {
        proxy = new FaultProxy(Fixture.endpoint());
        api = new Api(fixture, storeThrough(proxy.endpoint()));
    }

    private DynamoTable storeThrough(URI endpoint) {
        TableSettings settings = new TableSettings(fixture.table, "us-east-1", endpoint, Fixture.TTL);
        return new DynamoTable(DynamoClients.create(settings), fixture.table, Fixture.TTL);
    }

    @AfterEach
    void closeProxy() throws IOException {
        proxy.close();
    }

    private String pending(String email) {
        return fixture.invitations.create(fixture.org, email, fixture.developer, "x", fixture.clock.instant()).id();
    }

    /** A 500 as the contract requires, its error id the request id, its cause in the log and nothing leaked. */
    private JsonNode assertCleanFailure(APIGatewayV2HTTPResponse response, String causeContains) throws IOException {
        assertEquals(500, response.getStatusCode(), response.getBody());
        JsonNode error = error(response);
        assertEquals("500", error.path("status").asText());
        assertEquals("internal-error", error.path("code").asText());
        assertEquals(response.getHeaders().get("snyk-request-id"), error.path("id").asText());
        for (String internal : List.of("Exception", "software.amazon", "dynamodb", "127.0.0.1")) {
            assertFalse(response.getBody().contains(internal), response.getBody());
        }
        String[] lines = api.logs().trim().split("\n");
        JsonNode line = JSON.readTree(lines[lines.length - 1]);
        assertEquals("ERROR", line.path("level").asText());
        assertEquals(500, line.path("status").asInt());
        assertEquals(error.path("id").asText(), line.path("request_id").asText());
        assertTrue(line.path("error").asText().contains(causeContains) || line.path("stack_trace").asText()
                .contains(causeContains), "cause not logged: " + line);
        return line;
    }

    private void assertInvariants() {
        Invariants.check(api.items(), fixture.clock.instant());
    }

    @Test
    void anEndpointThatIsDownIsA500OnEveryRoute() throws IOException {
        int closedPort = Ports.free();
        Api down = new Api(fixture, storeThrough(URI.create("http://127.0.0.1:" + closedPort)));
        String id = pending("kept@example.com");
        // Made first: a sample that names a membership adds it through the fixture's store, which is up.
        List<Api.Sample> samples = Api.OPERATIONS.keySet().stream().map(route -> down.sample(route, id)).toList();
        List<Map<String, AttributeValue>> before = api.items();

        for (Api.Sample sample : samples) {
            APIGatewayV2HTTPResponse response = down.send(sample.request());
            assertEquals(500, response.getStatusCode(), response.getBody());
            assertEquals(response.getHeaders().get("snyk-request-id"), error(response).path("id").asText());
        }
        assertTrue(down.logs().contains("\"level\":\"ERROR\""), down.logs());
        assertEquals(before.size(), api.items().size(), "nothing written");
        assertInvariants();
    }

    @Test
    void aConnectionResetBeforeTheCreateTransactionLandsWritesNothing() throws IOException {
        proxy.inject(FaultProxy.Fault.RESET_BEFORE, "TransactWriteItems", -1);

        assertCleanFailure(api.send(api.create("reset@example.com", fixture.developer)), "SdkClientException");

        assertEquals(3, proxy.injected(), "three attempts, each reset");
        assertTrue(api.items().stream().noneMatch(i -> i.get("sk").s().startsWith("INVITE#")), "nothing written");
        assertInvariants();
    }

    @Test
    void aConnectionResetAfterTheCreateTransactionLandsLeavesAWholeInvitation() throws IOException {
        proxy.inject(FaultProxy.Fault.RESET_AFTER, "TransactWriteItems", -1);

        assertCleanFailure(api.send(api.create("landed@example.com", fixture.developer)), "SdkClientException");

        // The first attempt committed; its answer was lost. What is there is whole: invitation and guard together.
        long invites = api.items().stream().filter(i -> i.get("sk").s().startsWith("INVITE#")).count();
        long guards = api.items().stream().filter(i -> i.get("sk").s().startsWith("EMAIL#")).count();
        assertEquals(1, invites);
        assertEquals(1, guards);
        assertInvariants();
    }

    /**
     * The SDK retries a call whose answer was lost with the same {@code ClientRequestToken}, and DynamoDB answers the
     * retry of a committed transaction with success: the caller gets its 201, not a 409 for its own invitation.
     */
    @Test
    void aCreateWhoseAnswerWasLostOnceIsRetriedToA201() {
        proxy.inject(FaultProxy.Fault.RESET_AFTER, "TransactWriteItems", 1);

        APIGatewayV2HTTPResponse response = api.send(api.create("lost.answer@example.com", fixture.developer));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals(1, proxy.injected());
        assertEquals(1, api.items().stream().filter(i -> i.get("sk").s().startsWith("INVITE#")).count());
        assertInvariants();
    }

    /**
     * Every attempt's answer lost after the create committed: the caller got a 500 and cannot tell whether it
     * committed. A retry with its Idempotency-Key answers the create's 201, replayed, and creates nothing more.
     */
    @Test
    void aCreateWhoseAnswerWasLostIsRetriedWithItsKeyToTheSame201() throws IOException {
        proxy.inject(FaultProxy.Fault.RESET_AFTER, "TransactWriteItems", 3);
        assertCleanFailure(api.send(api.create("lost@example.com", fixture.developer)
                .header("Idempotency-Key", "\"retry-me\"")), "SdkClientException");
        assertEquals(3, proxy.injected());

        APIGatewayV2HTTPResponse retry = api.send(api.create("lost@example.com", fixture.developer)
                .header("Idempotency-Key", "\"retry-me\""));
        APIGatewayV2HTTPResponse again = api.send(api.create("lost@example.com", fixture.developer)
                .header("Idempotency-Key", "\"retry-me\""));

        assertEquals(201, retry.getStatusCode(), retry.getBody());
        assertEquals("true", retry.getHeaders().get("idempotent-replayed"));
        assertEquals(retry.getBody(), again.getBody());
        List<String> invites = api.items().stream().map(i -> i.get("sk").s()).filter(k -> k.startsWith("INVITE#"))
                .toList();
        assertEquals(1, invites.size());
        assertEquals("/orgs/" + fixture.org + "/invites/" + invites.get(0).substring("INVITE#".length()),
                retry.getHeaders().get("location"));
        assertInvariants();
    }

    @Test
    void aConnectionResetAfterTheCancelTransactionLandsLeavesAWholeCancellation() throws IOException {
        String id = pending("cancelled@example.com");
        proxy.inject(FaultProxy.Fault.RESET_AFTER, "TransactWriteItems", -1);

        assertCleanFailure(api.send(api.cancel(id)), "SdkClientException");

        List<String> keys = api.items().stream().map(i -> i.get("sk").s()).toList();
        assertFalse(keys.contains("INVITE#" + id));
        assertFalse(keys.contains("EMAIL#cancelled@example.com"));
        assertTrue(keys.contains("CANCELLED#" + id));
        assertInvariants();
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsA500() throws IOException {
        pending("listed@example.com");
        proxy.inject(FaultProxy.Fault.THROTTLE, "Query", -1);

        assertCleanFailure(api.send(api.list()), "Throttling");

        assertEquals(3, proxy.injected(), "the standard retry strategy makes three attempts");
        assertInvariants();
    }

    @Test
    void throttlingThatPassesIsRetriedAway() {
        proxy.inject(FaultProxy.Fault.THROTTLE, "TransactWriteItems", 2);

        APIGatewayV2HTTPResponse response = api.send(api.create("patient@example.com", fixture.developer));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals(2, proxy.injected());
        assertInvariants();
    }

    @Test
    void answersSlowerThanTheAttemptTimeoutAreA500() throws IOException {
        pending("slow@example.com");
        proxy.inject(FaultProxy.Fault.SLOW, null, -1);

        assertCleanFailure(api.send(api.list()), "Timeout");

        assertInvariants();
    }

    /**
     * A function's DynamoDB client serves every request its environment handles (all of the local API's concurrent
     * requests share one). After an outage of 60 requests, every attempt of which was refused, a slow first attempt
     * is still retried. The SDK's retry circuit breaker, left on, refuses every retry once 50 calls have failed all
     * their attempts (its 500 tokens spent, 5 a retry), as it does while 100 retries are in flight at once.
     */
    @Test
    void aSlowAnswerAfterAnOutageIsStillRetried() throws Exception {
        pending("listed@example.com");
        int outageRequests = 60;
        proxy.inject(FaultProxy.Fault.RESET_BEFORE, "Query", -1);
        List<APIGatewayV2HTTPResponse> outage = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<APIGatewayV2HTTPResponse>> sent = new ArrayList<>();
            for (int i = 0; i < outageRequests; i++) {
                sent.add(clients.submit(() -> api.send(api.list())));
            }
            for (Future<APIGatewayV2HTTPResponse> response : sent) {
                outage.add(response.get());
            }
        } finally {
            clients.shutdownNow();
        }
        int outageAttempts = proxy.attempts();

        proxy.inject(FaultProxy.Fault.SLOW, "Query", 1);
        APIGatewayV2HTTPResponse slowOnce = api.send(api.list());

        assertEquals(200, slowOnce.getStatusCode(), slowOnce.getBody());
        assertEquals(2, proxy.attempts() - outageAttempts, "the slow attempt and its retry");
        assertTrue(outage.stream().allMatch(r -> r.getStatusCode() == 500), "every request of the outage failed");
        assertEquals(3 * outageRequests, outageAttempts, "every request of the outage made its three attempts");
        assertInvariants();
    }

    @Test
    void aSlowAnswerOnceIsRetriedAway() {
        proxy.inject(FaultProxy.Fault.SLOW, "GetItem", 1);

        APIGatewayV2HTTPResponse response = api.send(api.create("eventually@example.com", fixture.developer));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals(1, proxy.injected());
        assertInvariants();
    }
}
