package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyKeys;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.IdempotencyReservationLostException;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.Invite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link IdempotencyKeys}: one holder per key, its lease, the answer replayed for its retention, and
 * the create that records it ({@link Invitations#create(String, String, String, String,
 * dev.orginvites.shared.store.UserNames, Instant, IdempotencyKey, java.util.function.Function)}).
 */
public abstract class IdempotencyKeysConformance extends StoreConformance {
    @Test
    void aReservedKeyIsInFlightUntilItsCreateRecordsTheAnswer() {
        IdempotencyKey first = key("alice", "k-1", "request a");
        assertNull(store.idempotencyKeys().reserve(org, first, now));

        IdempotencyKey retry = key("alice", "k-1", "request a");
        assertEquals(IdempotencyRecord.inFlight(first.fingerprint()), store.idempotencyKeys().reserve(org, retry, now));

        Invite invite = createHolding(first, "ada@example.com");
        IdempotencyRecord done = store.idempotencyKeys().reserve(org, retry, now.plusSeconds(60));
        assertEquals(new IdempotencyRecord(first.fingerprint(), 201, "/invites/" + invite.id(),
                "{\"id\":\"" + invite.id() + "\"}"), done);
        assertEquals(List.of(invite.id()), pendingIds(), "the key's record is no invite");
    }

    @Test
    void aKeyIsTheCallersAndTheOrgsOwn() {
        assertNull(store.idempotencyKeys().reserve(org, key("alice", "k-1", "request"), now));

        assertNull(store.idempotencyKeys().reserve(org, key("bob", "k-1", "request"), now));
        assertNull(store.idempotencyKeys().reserve(otherOrg, key("alice", "k-1", "request"), now));
        assertNull(store.idempotencyKeys().reserve(org, key("alic", "ek-1", "request"), now), "caller and key do not run together");
    }

    @Test
    void aCrashedRequestsReservationIsFreeAfterItsLeaseAndItsCreateThenWritesNothing() {
        IdempotencyKey crashed = key("alice", "k-1", "request");
        assertNull(store.idempotencyKeys().reserve(org, crashed, now));

        now = now.plus(IdempotencyKey.LEASE).minusSeconds(1);
        assertNotNull(store.idempotencyKeys().reserve(org, key("alice", "k-1", "request"), now));
        now = now.plusSeconds(1);
        IdempotencyKey retry = key("alice", "k-1", "request");
        assertNull(store.idempotencyKeys().reserve(org, retry, now));

        assertThrows(IdempotencyReservationLostException.class, () -> createHolding(crashed, "ada@example.com"));
        assertEquals(List.of(), pendingIds());
        Invite invite = createHolding(retry, "ada@example.com");
        assertEquals(List.of(invite.id()), pendingIds());
    }

    @Test
    void anAnswerIsReplayedForItsRetentionThenTheKeyIsFree() {
        IdempotencyKey first = key("alice", "k-1", "request");
        store.idempotencyKeys().reserve(org, first, now);
        createHolding(first, "ada@example.com");

        now = now.plus(IdempotencyKey.RETENTION).minusSeconds(1);
        assertEquals(201, store.idempotencyKeys().reserve(org, key("alice", "k-1", "request"), now).status());
        now = now.plusSeconds(1);
        assertNull(store.idempotencyKeys().reserve(org, key("alice", "k-1", "request"), now));
    }

    @Test
    void aReleasedKeyIsFreeAndOnlyItsHolderReleasesIt() {
        IdempotencyKey first = key("alice", "k-1", "request");
        store.idempotencyKeys().reserve(org, first, now);

        store.idempotencyKeys().release(org, key("alice", "k-1", "request"));
        assertNotNull(store.idempotencyKeys().reserve(org, key("alice", "k-1", "request"), now), "not the holder's release");

        store.idempotencyKeys().release(org, first);
        IdempotencyKey retry = key("alice", "k-1", "other request");
        assertNull(store.idempotencyKeys().reserve(org, retry, now));
        createHolding(retry, "ada@example.com");
        assertEquals(1, pendingIds().size());
    }

    @Test
    void ofConcurrentReservationsOfOneKeyExactlyOneHoldsIt() throws Exception {
        List<Callable<Boolean>> reservations = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            reservations.add(() -> store.idempotencyKeys().reserve(org, key("alice", "k-1", "request"), now) == null);
        }

        assertEquals(1, Race.run(reservations).stream().filter(held -> held).count());
    }
}
