package dev.orginvites.shared.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Resending and accepting an invitation whose email guard is not what it should be (states a crash or an operator
 * can leave, built directly in the table), as cancelling handles them: neither is blocked; a resend takes a guard
 * that is missing or names an invitation no longer pending, and neither touches a guard naming another pending one.
 */
@EmulatorTest
class DynamoBrokenGuardsTest {
    private static final String EMAIL = "broken@example.com";
    private static final String GUARD = "EMAIL#" + EMAIL;
    private static final Duration INTERVAL = Duration.ofMinutes(5);

    private final Fixture fixture = new Fixture();
    private final Store store = fixture.store;
    private final Instant later = fixture.clock.instant().plus(INTERVAL);

    private String create(String email) {
        return store.invitations().create(fixture.org, email, fixture.developer, "x", fixture.clock.instant()).id();
    }

    private Map<String, AttributeValue> key(String sk) {
        return Map.of("pk", AttributeValue.fromS("ORG#" + fixture.org), "sk", AttributeValue.fromS(sk));
    }

    private Map<String, AttributeValue> item(String sk) {
        return Fixture.client().getItem(r -> r.tableName(fixture.table).consistentRead(true).key(key(sk))).item();
    }

    private void delete(String sk) {
        Fixture.client().deleteItem(r -> r.tableName(fixture.table).key(key(sk)));
    }

    private IssuedInvite resend(String id) {
        IssuedInvite reissue = store.invitations().resend(fixture.org, id, "admin", INTERVAL, later).orElseThrow();
        assertTrue(item("INVITE#" + id).isEmpty(), "the old issue is gone");
        assertEquals(reissue.invite().id(), item("REISSUED#" + id).get("reissued_as").s(), "its audit record");
        return reissue;
    }

    private void accept(String id) {
        String nonce = store.invitations().issued(fixture.org, id, later).orElseThrow().tokenNonce();
        String user = UUID.randomUUID().toString();
        String membership = store.memberships().accept(fixture.org, id, nonce, user, later).orElseThrow().id();
        assertTrue(item("INVITE#" + id).isEmpty(), "the invitation is gone");
        assertEquals(membership, item("USER#" + user).get("membership_id").s());
        assertEquals(user, item("MEMBER#" + membership).get("user_id").s());
        assertEquals(membership, item("ACCEPTED#" + id).get("membership_id").s());
    }

    /** A second pending invitation for the address, which takes the guard; returns the guard it holds. */
    private Map<String, AttributeValue> anotherPendingHoldsTheGuard() {
        delete(GUARD);
        String other = create(EMAIL);
        Map<String, AttributeValue> othersGuard = item(GUARD);
        assertEquals(other, othersGuard.get("invite_id").s());
        return othersGuard;
    }

    @Test
    void aResendMovesAGuardThatNamesTheInvitationToTheNewIssue() {
        String id = create(EMAIL);

        IssuedInvite reissue = resend(id);

        Map<String, AttributeValue> guard = item(GUARD);
        assertEquals(reissue.invite().id(), guard.get("invite_id").s());
        assertEquals(reissue.expiresAt().getEpochSecond(), Long.parseLong(guard.get("expires_at").n()));
    }

    @Test
    void aResendTakesAMissingGuard() {
        String id = create(EMAIL);
        delete(GUARD);

        IssuedInvite reissue = resend(id);

        assertEquals(reissue.invite().id(), item(GUARD).get("invite_id").s());
    }

    @Test
    void aResendTakesAGuardNamingAnExpiredInvitation() {
        String id = create(EMAIL);
        Map<String, AttributeValue> staleGuard = new HashMap<>(item(GUARD));
        staleGuard.put("invite_id", AttributeValue.fromS(UUID.randomUUID().toString()));
        staleGuard.put("expires_at", AttributeValue.fromN(Long.toString(later.minus(Duration.ofDays(1))
                .getEpochSecond())));
        Fixture.client().putItem(r -> r.tableName(fixture.table).item(staleGuard));

        IssuedInvite reissue = resend(id);

        assertEquals(reissue.invite().id(), item(GUARD).get("invite_id").s());
    }

    @Test
    void aResendLeavesAGuardNamingAnotherPendingInvitationToIt() {
        String id = create(EMAIL);
        Map<String, AttributeValue> othersGuard = anotherPendingHoldsTheGuard();

        resend(id);

        assertEquals(othersGuard, item(GUARD), "the other invitation's guard is untouched");
    }

    @Test
    void anAcceptDeletesAGuardThatNamesTheInvitation() {
        String id = create(EMAIL);

        accept(id);

        assertTrue(item(GUARD).isEmpty());
    }

    @Test
    void aMissingGuardDoesNotBlockAnAccept() {
        String id = create(EMAIL);
        delete(GUARD);

        accept(id);

        assertTrue(item(GUARD).isEmpty());
    }

    @Test
    void anAcceptLeavesAGuardNamingAnotherPendingInvitationToIt() {
        String id = create(EMAIL);
        Map<String, AttributeValue> othersGuard = anotherPendingHoldsTheGuard();

        accept(id);

        assertEquals(othersGuard, item(GUARD), "the other invitation's guard is untouched");
        assertFalse(item("INVITE#" + othersGuard.get("invite_id").s()).isEmpty(), "and it is still pending");
    }
}
