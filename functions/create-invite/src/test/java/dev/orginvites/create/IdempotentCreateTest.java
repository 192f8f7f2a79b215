package dev.orginvites.create;

import static dev.orginvites.testkit.Bodies.error;
import static dev.orginvites.testkit.Fixture.invitation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Creates carrying {@code Idempotency-Key}, through {@code handleRequest} on the emulator, checked by the contract. */
@EmulatorTest
class IdempotentCreateTest {
    private static final String ROUTE = "/orgs/{org_id}/invites";

    private final Fixture fixture = new Fixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
            Contract.checked(new CreateInviteHandler(fixture.invitations, fixture.idempotencyKeys, fixture.clock, RequestLog.discard()));

    private APIGatewayV2HTTPResponse create(String caller, String key, String email, String role) {
        HttpApiEvents request = HttpApiEvents.request("POST", ROUTE).typicalHeaders().path("org_id", fixture.org)
                .query("version", "2024-10-15").jwt(caller, fixture.org, "org.user.invite")
                .json(invitation(email, role));
        return handler.handleRequest((key == null ? request : request.header("Idempotency-Key", key)).build(), null);
    }

    private APIGatewayV2HTTPResponse create(String key, String email) {
        return create("user-1", key, email, fixture.developer);
    }

    private int pendingInvites() {
        return fixture.invitations.list(fixture.org, PageRequest.first(100), fixture.clock.instant()).invites().size();
    }

    @Test
    void aRetryWithTheKeyAnswersTheFirst201ByteForByteAndCreatesNothing() {
        APIGatewayV2HTTPResponse first = create("\"order-7\"", "ada@example.com");
        fixture.clock.advance(java.time.Duration.ofHours(23));
        APIGatewayV2HTTPResponse retry = create("\"order-7\"", "ada@example.com");

        assertEquals(201, first.getStatusCode(), first.getBody());
        assertNull(first.getHeaders().get("idempotent-replayed"));
        assertEquals(201, retry.getStatusCode(), retry.getBody());
        assertEquals(first.getBody(), retry.getBody());
        assertEquals(first.getHeaders().get("location"), retry.getHeaders().get("location"));
        assertEquals("true", retry.getHeaders().get("idempotent-replayed"));
        assertEquals(1, pendingInvites());
    }

    @Test
    void aQuotedKeyAndTheSameKeyBareAreOneKey() {
        APIGatewayV2HTTPResponse quoted = create("\"a \\\"b\\\" c\"", "ada@example.com");
        APIGatewayV2HTTPResponse bare = create("a \"b\" c", "ada@example.com");

        assertEquals(quoted.getBody(), bare.getBody());
        assertEquals("true", bare.getHeaders().get("idempotent-replayed"));
    }

    @Test
    void theKeyWithAnotherRequestIsUnprocessable() {
        create("k-1", "ada@example.com");

        APIGatewayV2HTTPResponse other = create("k-1", "bob@example.com");

        assertEquals(422, other.getStatusCode(), other.getBody());
        assertEquals("idempotency-key-reused", error(other).path("code").asText());
        assertEquals(1, pendingInvites());
    }

    @Test
    void aKeyIsTheCallersOwn() {
        APIGatewayV2HTTPResponse alice = create("user-1", "k-1", "ada@example.com", fixture.developer);
        APIGatewayV2HTTPResponse bob = create("user-2", "k-1", "bob@example.com", fixture.developer);

        assertEquals(201, bob.getStatusCode(), bob.getBody());
        assertNull(bob.getHeaders().get("idempotent-replayed"));
        assertNotEquals(alice.getHeaders().get("location"), bob.getHeaders().get("location"));
        assertEquals(2, pendingInvites());
    }

    @Test
    void whileTheFirstRequestIsInFlightTheKeyIsAConflictUntilItsLeaseEnds() {
        // A request that reserved the key and crashed before its create.
        assertNull(fixture.idempotencyKeys.reserve(fixture.org, IdempotencyKey.of("user-1", "k-1",
                IdempotentCreate.identity("2024-06-21", "ada@example.com", fixture.developer)),
                fixture.clock.instant()));

        APIGatewayV2HTTPResponse inFlight = create("k-1", "ada@example.com");
        assertEquals(409, inFlight.getStatusCode(), inFlight.getBody());
        assertEquals("idempotency-key-in-flight", error(inFlight).path("code").asText());
        assertEquals(0, pendingInvites());

        fixture.clock.advance(IdempotencyKey.LEASE);
        APIGatewayV2HTTPResponse retry = create("k-1", "ada@example.com");
        assertEquals(201, retry.getStatusCode(), retry.getBody());
        assertEquals(1, pendingInvites());
    }

    @Test
    void aRefusedCreateGivesTheKeyUp() {
        APIGatewayV2HTTPResponse refused = create("user-1", "k-1", "ada@example.com", UUID.randomUUID().toString());
        APIGatewayV2HTTPResponse fixed = create("k-1", "ada@example.com");

        assertEquals(400, refused.getStatusCode(), refused.getBody());
        assertEquals(201, fixed.getStatusCode(), fixed.getBody());
        assertNull(fixed.getHeaders().get("idempotent-replayed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"\"", "tab\there", "caf\u00e9", "\u0001", "\"unterminated", "\"in\"side\"",
            "\"bad\\escape\""})
    void aBadKeyIsABadRequestNamingTheHeader(String key) {
        APIGatewayV2HTTPResponse response = create(key, "ada@example.com");

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("invalid-idempotency-key", error(response).path("code").asText());
        assertEquals("Idempotency-Key", error(response).at("/source/parameter").asText());
        assertEquals(0, pendingInvites());
    }

    @Test
    void aKeyHasAtMost255Characters() {
        assertEquals(400, create("k".repeat(256), "ada@example.com").getStatusCode());
        assertEquals(400, create("\"" + "k".repeat(256) + "\"", "ada@example.com").getStatusCode());
        assertEquals(201, create("k".repeat(255), "ada@example.com").getStatusCode());
    }
}
