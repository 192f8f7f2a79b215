package dev.orginvites.tests;

import static dev.orginvites.testkit.Bodies.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code INVITE_TTL} changed between deployments, for invitations already sent: a shortened TTL expires them at
 * their creation plus the new TTL, a lengthened one keeps the expiry they were given; list, cancel and the
 * one-pending-invitation-per-address rule agree either way.
 */
@EmulatorTest
class InviteTtlChangeTest {
    private static final String EMAIL = "ttl@example.com";

    private final Fixture fixture = new Fixture();

    /** The functions as deployed with a TTL, on the fixture's table and clock. */
    private Api deployedWith(Duration ttl) {
        return new Api(fixture, new DynamoTable(Fixture.client(), fixture.table, ttl));
    }

    private static String created(Api api) {
        APIGatewayV2HTTPResponse response = api.send(api.create(EMAIL, api.fixture.developer));
        assertEquals(201, response.getStatusCode(), response.getBody());
        return body(response).at("/data/id").asText();
    }

    private static List<String> listed(Api api) {
        APIGatewayV2HTTPResponse response = api.send(api.list());
        assertEquals(200, response.getStatusCode(), response.getBody());
        List<String> ids = new ArrayList<>();
        for (JsonNode invite : body(response).path("data")) {
            ids.add(invite.path("id").asText());
        }
        return ids;
    }

    /** The invitation counts as expired by every rule: not listed, not cancellable, no bar to a new one. */
    private static void assertExpired(Api api, Duration ttl, String id) {
        assertEquals(List.of(), listed(api));
        assertEquals(404, api.send(api.cancel(id)).getStatusCode());
        String again = created(api);
        assertEquals(List.of(again), listed(api));
        Invariants.check(api.items(), api.fixture.clock.instant(), ttl);
    }

    /** The invitation counts as pending by every rule. */
    private static void assertPending(Api api, String id) {
        assertEquals(List.of(id), listed(api));
        assertEquals(409, api.send(api.create(EMAIL, api.fixture.developer)).getStatusCode());
    }

    @Test
    void aShortenedTtlExpiresInvitationsAlreadySentAtTheirCreationPlusTheNewTtl() {
        String id = created(deployedWith(Duration.ofDays(7)));
        Api shortened = deployedWith(Duration.ofDays(1));

        fixture.clock.advance(Duration.ofHours(23));
        assertPending(shortened, id);
        fixture.clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertExpired(shortened, Duration.ofDays(1), id);
    }

    @Test
    void aLengthenedTtlKeepsTheExpiryInvitationsAlreadySentWereGiven() {
        String id = created(deployedWith(Duration.ofDays(1)));
        Api lengthened = deployedWith(Duration.ofDays(7));

        fixture.clock.advance(Duration.ofHours(23));
        assertPending(lengthened, id);
        assertEquals(204, lengthened.send(lengthened.cancel(id)).getStatusCode());

        String later = created(deployedWith(Duration.ofDays(1)));
        fixture.clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertExpired(lengthened, Duration.ofDays(7), later);
    }
}
