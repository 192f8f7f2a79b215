package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyReservationLostException;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.InviteQuotaExceededException;
import dev.orginvites.shared.store.ResendTooSoonException;
import dev.orginvites.shared.store.UnknownRoleException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of {@link InviteQuota}, on a store whose default is {@link #QUOTA}: at most that many creates and resends
 * together per org in any rolling 24 hours, refused beyond it until the oldest counted send leaves the window; an
 * org's own limit in place of the default; nothing counted for a refused or failed create or an idempotent replay;
 * and no race lets one more through.
 */
public abstract class InviteQuotaConformance extends StoreConformance {
    /** The default quota of the store this suite runs on. */
    public static final InviteQuota QUOTA = new InviteQuota(3);

    @Test
    void theQuotasSendsPassAndTheNextWaitsUntilTheOldestLeavesTheWindow() {
        Instant first = now;
        invite("a@example.com");
        now = now.plus(Duration.ofMinutes(1));
        Instant second = now;
        invite("b@example.com");
        now = now.plus(Duration.ofMinutes(1));
        invite("c@example.com");

        for (Instant tooSoon : List.of(now, first.plus(InviteQuota.WINDOW).minusMillis(1))) {
            now = tooSoon;
            assertEquals(first.plus(InviteQuota.WINDOW), refused("d@example.com").retryAt());
        }
        assertEquals(3, pendingIds().size(), "a refused create writes nothing");

        now = first.plus(InviteQuota.WINDOW);
        invite("d@example.com");
        assertEquals(second.plus(InviteQuota.WINDOW), refused("e@example.com").retryAt(), "the window slides on");
        assertEquals(4, pendingIds().size());
    }

    @Test
    void eachOrgCountsItsOwnSends() {
        fill();

        store.invitations().create(otherOrg, "a@example.com", otherOrgsRole, "inviter", now);
        refused("x@example.com");
    }

    @Test
    void anOrgsOwnLimitTakesThePlaceOfTheDefault() {
        store.directory().setInviteQuota(org, 5);
        for (int i = 0; i < 5; i++) {
            invite("person" + i + "@example.com");
        }
        assertEquals(now.plus(InviteQuota.WINDOW), refused("x@example.com").retryAt());
        assertEquals(Optional.of(5), store.directory().inviteQuota(org));
        assertEquals(Optional.empty(), store.directory().inviteQuota(otherOrg));
        assertEquals(Integer.valueOf(5), store.directory().org(org).orElseThrow().invitesPerDay());
    }

    @Test
    void anOrgGivenBackTheDefaultCountsAgainstIt() {
        store.directory().setInviteQuota(org, QUOTA.invitesPerDay() + 2);
        for (int i = 0; i < QUOTA.invitesPerDay(); i++) {
            invite("person" + i + "@example.com");
        }
        store.directory().clearInviteQuota(otherOrg); // an org with no limit of its own: nothing to clear

        store.directory().clearInviteQuota(org);

        assertEquals(Optional.empty(), store.directory().inviteQuota(org));
        assertEquals(now.plus(InviteQuota.WINDOW), refused("x@example.com").retryAt());
    }

    @Test
    void aLowerLimitCountsTheSendsAlreadyMade() {
        store.directory().setInviteQuota(org, 5);
        List<Instant> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(now);
            invite("person" + i + "@example.com");
            now = now.plusSeconds(10);
        }
        store.directory().setInviteQuota(org, 2);

        assertEquals(sent.get(3).plus(InviteQuota.WINDOW), refused("x@example.com").retryAt(),
                "one more once only one of the five is left in the window");
        now = sent.get(3).plus(InviteQuota.WINDOW);
        invite("x@example.com");
    }

    @Test
    void anOrgWithOnlyAQuotaIsInTheDirectory() {
        String bare = UUID.randomUUID().toString();
        store.directory().setInviteQuota(bare.toUpperCase(), InviteQuota.MAX);

        assertEquals(Optional.of(InviteQuota.MAX), store.directory().inviteQuota(bare));
        assertEquals(Integer.valueOf(InviteQuota.MAX), store.directory().org(bare).orElseThrow().invitesPerDay());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, InviteQuota.MAX + 1, Integer.MAX_VALUE})
    void aLimitOutsideOneToTheMaximumIsRefused(int invitesPerDay) {
        assertThrows(IllegalArgumentException.class, () -> store.directory().setInviteQuota(org, invitesPerDay));
        assertThrows(IllegalArgumentException.class, () -> store.directory().setInviteQuota("not-a-uuid", 5));
        assertEquals(Optional.empty(), store.directory().inviteQuota(org));
    }

    @Test
    void resendsAreCountedWithCreates() {
        Invite ada = invite("ada@example.com");
        invite("bob@example.com");
        now = now.plus(INTERVAL);
        Invite renewed = store.invitations().resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow().invite();

        refused("carol@example.com");
        now = now.plus(INTERVAL);
        InviteQuotaExceededException resend = assertThrows(InviteQuotaExceededException.class,
                () -> store.invitations().resend(org, renewed.id(), "admin", INTERVAL, now));
        assertEquals(now.minus(INTERVAL.multipliedBy(2)).plus(InviteQuota.WINDOW), resend.retryAt());
        assertEquals(Optional.of(renewed), store.invitations().find(org, renewed.id(), now), "nothing changed");
    }

    @Test
    void aResendTooSoonAtTheQuotaSaysTooSoon() {
        fill();
        Invite last = store.invitations().list(org, dev.orginvites.shared.store.PageRequest.first(10), now)
                .invites().get(2);

        assertThrows(ResendTooSoonException.class,
                () -> store.invitations().resend(org, last.id(), "admin", INTERVAL, now));
    }

    @Test
    void refusedAndFailedCreatesCountNothing() {
        invite("ada@example.com");
        for (int i = 0; i < 5; i++) {
            assertThrows(InviteAlreadyPendingException.class, () -> invite("ADA@example.com"));
            assertThrows(UnknownRoleException.class, () -> store.invitations().create(org, "bob@example.com",
                    UUID.randomUUID().toString(), "inviter", now));
            IdempotencyKey lost = key("alice", "never-reserved-" + i, "request");
            assertThrows(IdempotencyReservationLostException.class, () -> createHolding(lost, "carol@example.com"));
        }

        invite("bob@example.com");
        invite("carol@example.com");
        refused("dan@example.com");
    }

    @Test
    void anIdempotentReplayCountsNothing() {
        IdempotencyKey first = key("alice", "k-1", "request");
        assertEquals(null, store.idempotencyKeys().reserve(org, first, now));
        createHolding(first, "ada@example.com");
        for (int i = 0; i < 5; i++) {
            assertEquals(201, store.idempotencyKeys().reserve(org, key("alice", "k-1", "request"), now).status());
        }

        invite("bob@example.com");
        invite("carol@example.com");
        refused("dan@example.com");
    }

    @Test
    void ofConcurrentCreatesAndResendsAtTheEdgeOnlyAsManyAsTheQuotaWin() throws Exception {
        Invite ada = invite("ada@example.com");
        Invite bob = invite("bob@example.com");
        now = now.plus(INTERVAL);
        List<Callable<String>> racers = new ArrayList<>();
        for (Invite resent : List.of(ada, bob)) {
            racers.add(() -> outcome(() -> store.invitations().resend(org, resent.id(), "admin", INTERVAL, now)));
        }
        for (int i = 0; i < RACERS; i++) {
            String email = "racer" + i + "@example.com";
            racers.add(() -> outcome(() -> invite(email)));
        }

        List<String> outcomes = Race.run(racers);

        assertEquals(1, Collections.frequency(outcomes, "sent"), outcomes.toString());
        assertEquals(racers.size() - 1, Collections.frequency(outcomes, "over"), outcomes.toString());
        assertEquals(2 + Collections.frequency(outcomes.subList(2, outcomes.size()), "sent"), pendingIds().size());
        now = now.plus(INTERVAL);
        refused("late@example.com");
    }

    @Test
    void ofConcurrentCreatesInAFreshOrgExactlyTheQuotaWin() throws Exception {
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            String email = "racer" + i + "@example.com";
            creates.add(() -> outcome(() -> invite(email)));
        }

        List<String> outcomes = Race.run(creates);

        assertEquals(QUOTA.invitesPerDay(), Collections.frequency(outcomes, "sent"), outcomes.toString());
        assertEquals(RACERS - QUOTA.invitesPerDay(), Collections.frequency(outcomes, "over"), outcomes.toString());
        assertEquals(QUOTA.invitesPerDay(), pendingIds().size());
    }

    /**
     * A burst within the quota is all sent, however many lose the count to another first: more racers than a fixed
     * bound of retries would allow (each loses to every one that commits before it).
     */
    @Test
    void aBurstWithinTheQuotaIsAllSent() throws Exception {
        int burst = 24;
        store.directory().setInviteQuota(org, burst + 1);
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            String email = "burst" + i + "@example.com";
            creates.add(() -> outcome(() -> invite(email)));
        }

        List<String> outcomes = Race.run(creates);

        assertEquals(Collections.nCopies(burst, "sent"), outcomes);
        assertEquals(burst, pendingIds().size());
    }

    /** Uses the whole default quota at {@code now}. */
    private void fill() {
        for (int i = 0; i < QUOTA.invitesPerDay(); i++) {
            invite("filler" + i + "@example.com");
        }
    }

    private InviteQuotaExceededException refused(String email) {
        InviteQuotaExceededException refused = assertThrows(InviteQuotaExceededException.class, () -> invite(email));
        assertTrue(refused.retryAt().isAfter(now));
        return refused;
    }

    private static String outcome(Runnable send) {
        try {
            send.run();
            return "sent";
        } catch (InviteQuotaExceededException e) {
            return "over";
        }
    }
}
