package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.EmulatorClients;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Cancelling an invitation whose email guard is not what it should be, each broken state built directly in the
 * table: the cancel answers 204, leaves a guard that names another invitation exactly as it was, and leaves the
 * table's invariants holding (every pending invitation has its guard, every live guard its invitation).
 */
@EmulatorTest
class BrokenGuardsTest {
    private static final String EMAIL = "broken@example.com";
    private static final String GUARD = "EMAIL#" + EMAIL;

    private final Api api = new Api();
    private final Fixture fixture = api.fixture;

    private String create(String email) {
        return fixture.invitations.create(fixture.org, email, fixture.developer, "x", fixture.clock.instant()).id();
    }

    private Map<String, AttributeValue> key(String sk) {
        return Map.of("pk", AttributeValue.fromS("ORG#" + fixture.org), "sk", AttributeValue.fromS(sk));
    }

    private Map<String, AttributeValue> item(String sk) {
        return Fixture.client().getItem(r -> r.tableName(fixture.table).consistentRead(true).key(key(sk))).item();
    }

    private void put(Map<String, AttributeValue> item) {
        Fixture.client().putItem(r -> r.tableName(fixture.table).item(item));
    }

    private void delete(String sk) {
        Fixture.client().deleteItem(r -> r.tableName(fixture.table).key(key(sk)));
    }

    /** Cancels through the handler and checks what every broken state must end in. */
    private void assertCancelled(String id) {
        APIGatewayV2HTTPResponse response = api.send(api.cancel(id));

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertTrue(item("INVITE#" + id).isEmpty(), "the invitation is gone");
        assertEquals(id, item("CANCELLED#" + id).get("invite_id").s(), "its audit record is written");
        assertEquals(404, api.send(api.cancel(id)).getStatusCode());
        Invariants.check(api.items(), fixture.clock.instant());
    }

    @Test
    void aGuardThatNamesTheInvitationIsDeletedWithIt() {
        String id = create(EMAIL);

        assertCancelled(id);

        assertTrue(item(GUARD).isEmpty());
    }

    @Test
    void aMissingGuardDoesNotBlockTheCancel() {
        String id = create(EMAIL);
        delete(GUARD);

        assertCancelled(id);

        assertTrue(item(GUARD).isEmpty());
    }

    @Test
    void aGuardNamingAnotherPendingInvitationIsLeftToIt() {
        String id = create(EMAIL);
        delete(GUARD);
        String other = create(EMAIL); // a second pending invitation for the address, which now holds the guard
        Map<String, AttributeValue> othersGuard = item(GUARD);
        assertEquals(other, othersGuard.get("invite_id").s());

        assertCancelled(id);

        assertEquals(othersGuard, item(GUARD), "the other invitation's guard is untouched");
        assertFalse(item("INVITE#" + other).isEmpty(), "the other invitation is still pending");
    }

    @Test
    void aGuardNamingAnExpiredInvitationIsLeftAsItIs() {
        String id = create(EMAIL);
        long past = fixture.clock.instant().minus(Duration.ofDays(1)).getEpochSecond();
        Map<String, AttributeValue> expired = new HashMap<>(item("INVITE#" + id));
        String expiredId = UUID.randomUUID().toString();
        expired.put("sk", AttributeValue.fromS("INVITE#" + expiredId));
        expired.put("invite_id", AttributeValue.fromS(expiredId));
        expired.put("expires_at", AttributeValue.fromN(Long.toString(past)));
        put(expired);
        Map<String, AttributeValue> staleGuard = new HashMap<>(item(GUARD));
        staleGuard.put("invite_id", AttributeValue.fromS(expiredId));
        staleGuard.put("expires_at", AttributeValue.fromN(Long.toString(past)));
        put(staleGuard);

        assertCancelled(id);

        assertEquals(staleGuard, item(GUARD), "the expired invitation's guard is untouched");
    }

    @Test
    void aGuardTakenByAnotherInvitationDuringTheCancelIsLeftToIt() {
        String id = create(EMAIL);
        // Just before the cancel's transaction reaches DynamoDB, the guard comes to name another invitation (as a
        // create racing a cancel at the moment of expiry can make it): the transaction's guard condition fails.
        AtomicBoolean raced = new AtomicBoolean();
        ExecutionInterceptor race = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof TransactWriteItemsRequest && raced.compareAndSet(false, true)) {
                    delete(GUARD);
                    create(EMAIL);
                }
            }
        };
        DynamoTable store = new DynamoTable(
                EmulatorClients.create(Fixture.endpoint(), race), fixture.table, Fixture.TTL);
        Api racing = new Api(fixture, store);

        APIGatewayV2HTTPResponse response = racing.send(racing.cancel(id));

        assertTrue(raced.get());
        assertEquals(204, response.getStatusCode(), response.getBody());
        assertTrue(item("INVITE#" + id).isEmpty());
        assertFalse(item("INVITE#" + item(GUARD).get("invite_id").s()).isEmpty(), "the guard names the new one");
        Invariants.check(api.items(), fixture.clock.instant());
    }
}
