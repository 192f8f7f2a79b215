package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.DeliveryProblem.Recorded;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InviteFailedException;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.PageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the mail service reports after a send, recorded on the invitation ({@link Invitations#recordFailure},
 * {@link Invitations#recordDelay}): a failure fails it for good, a delay is only kept; reports come at least once
 * and in any order, so repeats change nothing and every order ends the same.
 */
public abstract class DeliveryFeedbackConformance extends StoreConformance {

    private DeliveryProblem problem(String reason, long secondsAfterNow) {
        return new DeliveryProblem(reason, now.plusSeconds(secondsAfterNow));
    }

    @Test
    void aFailureFailsTheInviteWhereverItIsShownAndARepeatChangesNothing() {
        Invite ada = invite("ada@example.com");
        Invite bob = invite("bob@example.com");
        DeliveryProblem bounce = new DeliveryProblem(DeliveryProblem.BOUNCED, now.plusMillis(1_500));

        assertEquals(Recorded.RECORDED, store.invitations().recordFailure(org, ada.id(), bounce, now));
        assertEquals(Recorded.UNCHANGED, store.invitations().recordFailure(org, ada.id(), bounce, now), "a repeat");

        assertEquals(bounce, store.invitations().find(org, ada.id(), now).orElseThrow().failure());
        assertEquals(bounce, issued(ada.id()).invite().failure());
        List<Invite> page = page(store, PageRequest.first(10)).invites();
        assertEquals(List.of(bounce, "none"), page.stream()
                .map(invite -> invite.failure() == null ? (Object) "none" : invite.failure()).toList(),
                "a page shows it on its invite only");
        assertEquals(List.of(ada.id(), bob.id()), pendingIds(), "a failed invite stays pending, holding its address");
        assertThrows(InviteAlreadyPendingException.class,
                () -> store.invitations().create(org, "ADA@example.com", role, "inviter", now));
    }

    @Test
    void theEarliestFailureIsKeptAndATieGoesToTheReasonFirstInOrder() {
        Invite ada = invite("ada@example.com");
        Invitations invitations = store.invitations();

        assertEquals(Recorded.RECORDED, invitations.recordFailure(org, ada.id(), problem("rejected", 60), now));
        assertEquals(Recorded.UNCHANGED, invitations.recordFailure(org, ada.id(), problem("bounced", 61), now),
                "a later failure");
        assertEquals(Recorded.RECORDED, invitations.recordFailure(org, ada.id(), problem("complained", 60), now),
                "as early, and first in order");
        assertEquals(Recorded.UNCHANGED, invitations.recordFailure(org, ada.id(), problem("rejected", 60), now),
                "as early, and after in order");
        assertEquals(Recorded.RECORDED, invitations.recordFailure(org, ada.id(), problem("suppressed", 10), now),
                "earlier");
        assertEquals(Recorded.UNCHANGED, invitations.recordFailure(org, ada.id(), problem("suppressed", 10), now));
        assertEquals(problem("suppressed", 10), issued(ada.id()).invite().failure());
    }

    @Test
    void timesAreKeptToTheMillisecondAndOrderedAsTimesNotAsText() {
        Invite ada = invite("ada@example.com");
        Instant whole = Instant.parse("2030-01-01T10:00:00Z");
        Instant later = Instant.parse("2030-01-01T10:00:00.500Z");
        Invitations invitations = store.invitations();

        assertEquals(Recorded.RECORDED, invitations.recordFailure(org, ada.id(),
                new DeliveryProblem("bounced", later.plusNanos(999)), now));
        assertEquals(Recorded.RECORDED, invitations.recordFailure(org, ada.id(), new DeliveryProblem("bounced", whole),
                now), "10:00:00Z is before 10:00:00.5Z");
        assertEquals(whole, issued(ada.id()).invite().failure().at());

        assertEquals(Recorded.RECORDED, invitations.recordDelay(org, ada.id(), new DeliveryProblem("delay", whole), now));
        assertEquals(Recorded.RECORDED, invitations.recordDelay(org, ada.id(), new DeliveryProblem("delay", later),
                now));
        assertEquals(later, issued(ada.id()).delay().at(), "the sub-millisecond part is not kept");
    }

    @Test
    void aDelayIsKeptLatestFirstAndChangesNothingElse() {
        Invite ada = invite("ada@example.com");
        Invitations invitations = store.invitations();
        DeliveryProblem mailboxFull = problem("transient_bounce:MailboxFull", 30);

        assertEquals(Recorded.RECORDED, invitations.recordDelay(org, ada.id(), problem("delay:General", 20), now));
        assertEquals(Recorded.RECORDED, invitations.recordDelay(org, ada.id(), mailboxFull, now));
        assertEquals(Recorded.UNCHANGED, invitations.recordDelay(org, ada.id(), problem("delay:General", 20), now),
                "an earlier delay, again");
        assertEquals(Recorded.UNCHANGED, invitations.recordDelay(org, ada.id(), mailboxFull, now), "a repeat");

        IssuedInvite issue = issued(ada.id());
        assertEquals(mailboxFull, issue.delay());
        assertNull(issue.invite().failure(), "a delay fails nothing");
        now = now.plus(INTERVAL);
        IssuedInvite reissue = invitations.resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow();
        assertNull(reissue.delay(), "a new issue starts with no delay");
        assertNull(issued(reissue.invite().id()).delay());
    }

    /** Reports arrive at least once and in any order: every order of the same reports ends in the same state. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyOrderOfTheSameReportsEndsTheSame(long seed) {
        Invite ada = invite("ada@example.com");
        List<DeliveryProblem> failures = List.of(problem("complained", 40), problem("bounced", 40),
                problem("bounced", 45), problem("complained", 40));
        List<DeliveryProblem> delays = List.of(problem("delay:General", 5), problem("delay:MailboxFull", 9),
                problem("delay:General", 9), problem("delay:MailboxFull", 9));
        List<Runnable> reports = new ArrayList<>();
        failures.forEach(failure -> reports.add(() -> store.invitations().recordFailure(org, ada.id(), failure, now)));
        delays.forEach(delay -> reports.add(() -> store.invitations().recordDelay(org, ada.id(), delay, now)));
        Collections.shuffle(reports, new Random(seed));

        reports.forEach(Runnable::run);

        assertEquals(problem("bounced", 40), issued(ada.id()).invite().failure());
        assertEquals(problem("delay:MailboxFull", 9), issued(ada.id()).delay());
    }

    @Test
    void ofConcurrentFailuresTheEarliestIsKept() throws Exception {
        Invite ada = invite("ada@example.com");
        List<Callable<Recorded>> racers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            DeliveryProblem failure = problem(i % 2 == 0 ? "bounced" : "complained", 100 - i);
            racers.add(() -> store.invitations().recordFailure(org, ada.id(), failure, now));
        }

        List<Recorded> outcomes = Race.run(racers);

        assertTrue(outcomes.contains(Recorded.RECORDED));
        assertEquals(problem("complained", 100 - (RACERS - 1)), issued(ada.id()).invite().failure());
    }

    @Test
    void aFailedInviteIsNeverResentButMayBeCancelledAndTheAddressInvitedAgain() {
        Invite ada = invite("ada@example.com");
        DeliveryProblem complaint = problem(DeliveryProblem.COMPLAINED, 1);
        store.invitations().recordFailure(org, ada.id(), complaint, now);
        IssuedInvite before = issued(ada.id());

        for (int i = 0; i < 2; i++) {
            now = now.plus(INTERVAL);
            InviteFailedException refused = assertThrows(InviteFailedException.class,
                    () -> store.invitations().resend(org, ada.id(), "admin", INTERVAL, now));
            assertEquals(complaint, refused.failure());
        }
        assertEquals(before, issued(ada.id()), "nothing changed");

        assertTrue(store.invitations().cancel(org, ada.id(), "admin", now));
        Invite again = store.invitations().create(org, "ada@example.com", role, "inviter", now);
        assertNull(again.failure(), "a new invitation is a new start");
        assertEquals(List.of(again.id()), pendingIds());
    }

    /**
     * A complaint about an issue's message may come hours later, after a resend: the address complained, so the issue
     * that replaced it (through every re-issue) fails; once that is gone too, nothing does.
     */
    @Test
    void aFailureOfAResentIssueFailsTheIssueThatReplacedIt() {
        Invite first = invite("ada@example.com");
        now = now.plus(INTERVAL);
        String second = store.invitations().resend(org, first.id(), "admin", INTERVAL, now).orElseThrow().invite().id();
        now = now.plus(INTERVAL);
        String third = store.invitations().resend(org, second, "admin", INTERVAL, now).orElseThrow().invite().id();
        DeliveryProblem complaint = problem(DeliveryProblem.COMPLAINED, 1);

        assertEquals(Recorded.RECORDED, store.invitations().recordFailure(org, first.id(), complaint, now));
        assertEquals(Recorded.UNCHANGED, store.invitations().recordFailure(org, second, complaint, now));

        assertEquals(complaint, issued(third).invite().failure());
        assertEquals(List.of(third), pendingIds());
        assertTrue(store.invitations().cancel(org, third, "admin", now));
        assertEquals(Recorded.NOT_PENDING, store.invitations().recordFailure(org, first.id(), complaint, now));
        assertEquals(Recorded.NOT_PENDING, store.invitations().recordFailure(otherOrg, first.id(), complaint, now));
    }

    /** A bounce says nobody got the link; a complaint's recipient did, and may still join. */
    @Test
    void aFailedInviteMayStillBeAcceptedWithItsLink() {
        Invite ada = invite("ada@example.com");
        String nonce = issued(ada.id()).tokenNonce();
        store.invitations().recordFailure(org, ada.id(), problem(DeliveryProblem.COMPLAINED, 1), now);

        assertTrue(store.memberships().accept(org, ada.id(), nonce, "user-1", now).isPresent());
        assertEquals(Recorded.NOT_PENDING,
                store.invitations().recordFailure(org, ada.id(), problem(DeliveryProblem.BOUNCED, 0), now));
    }

    @ParameterizedTest
    @EnumSource(NotPending.class)
    void reportsForAnInviteNoLongerPendingRecordNothing(NotPending state) {
        Invite ada = invite("ada@example.com");
        String[] asked = state.make(this, ada);
        List<String> pendingBefore = pendingIds();
        List<Optional<IssuedInvite>> before = pendingBefore.stream()
                .map(id -> store.invitations().issued(org, id, now)).toList();

        if (state != NotPending.RESENT) { // a resent issue's failure fails its new issue (below)
            assertEquals(Recorded.NOT_PENDING,
                    store.invitations().recordFailure(asked[0], asked[1], problem(DeliveryProblem.BOUNCED, 0), now));
        }
        assertEquals(Recorded.NOT_PENDING,
                store.invitations().recordDelay(asked[0], asked[1], problem("delay:General", 0), now));

        assertEquals(pendingBefore, pendingIds(), "nothing changed");
        assertEquals(before, pendingBefore.stream().map(id -> store.invitations().issued(org, id, now)).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"delay:General", "transient:MailboxFull", "Bounced", "failed"})
    void aFailureIsOneOfTheFourReasonsTheApiShowsAndNothingElseIsWritten(String reason) {
        Invite ada = invite("ada@example.com");

        assertThrows(IllegalArgumentException.class,
                () -> store.invitations().recordFailure(org, ada.id(), problem(reason, 1), now));

        assertNull(issued(ada.id()).invite().failure());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bounced because", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bounced\n", "ünicode"})
    void aReasonThatIsNoCodeIsRefusedBeforeAnyStoreSeesIt(String reason) {
        assertThrows(IllegalArgumentException.class, () -> new DeliveryProblem(reason, now));
    }
}
