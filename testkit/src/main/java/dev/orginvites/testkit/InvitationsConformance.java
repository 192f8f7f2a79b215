package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.ResendTooSoonException;
import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.shared.store.UserNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of {@link Invitations} the API relies on: create, the one pending invite per mailbox, find, pages,
 * cancel, expiry under a changed TTL, the issue delivery reads and records, and resend; and their races.
 */
public abstract class InvitationsConformance extends StoreConformance {
    @Test
    void aCreatedInviteIsPendingAsGiven() {
        Invite invite = store.invitations().create(org, "Ada.Lovelace@Example.com", role, "inviter", now);

        assertEquals(org, invite.orgId());
        assertEquals("Ada.Lovelace@Example.com", invite.email());
        assertEquals(role, invite.roleId());
        assertEquals("Developer", invite.roleName());
        assertEquals(List.of(invite), page(store, PageRequest.first(10)).invites());
        assertEquals(List.of(), store.invitations().list(otherOrg, PageRequest.first(10), now).invites());
    }

    @Test
    void idsAreUuidV7OfTheirCreationAndSortInCreationOrder() {
        List<String> ids = created(5);

        for (String id : ids) {
            assertEquals(7, UUID.fromString(id).version());
        }
        List<String> sorted = new ArrayList<>(ids);
        Collections.sort(sorted);
        assertEquals(ids, sorted);
        assertEquals(ids, pendingIds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "ADA@EXAMPLE.COM", " Ada@Example.com ", "  ada@example.COM"})
    void oneAddressHasOnePendingInviteWhateverItsCaseOrSpaces(String again) {
        invite("Ada@Example.com");

        assertThrows(InviteAlreadyPendingException.class, () -> invite(again));
        assertEquals(1, pendingIds().size());
        assertEquals(again, store.invitations().create(otherOrg, again, otherOrgsRole, "inviter", now).email(),
                "another org's invites are its own");
    }

    @ParameterizedTest
    @MethodSource("addressPairs")
    void twoAddressesShareAPendingInviteExactlyWhenTheyNameOneMailbox(String first, String second, boolean same) {
        invite(first);

        if (same) {
            assertThrows(InviteAlreadyPendingException.class, () -> invite(second));
            assertEquals(1, pendingIds().size());
        } else {
            assertEquals(second, invite(second).email());
            assertEquals(2, pendingIds().size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com\u0001", "\u0000ada@example.com", "ada@example.com\t",
            "ada\u200B@example.com", "ada@exam\u202Eple.com", "ada@example.com\u2028", "ada\u00A0@example.com",
            "ada@example.com\uD800", "ada@fa\u00DF.example", "ada@", "ada.example.com"})
    void anAddressThatNamesNoMailboxIsRefusedAndWritesNothing(String address) {
        assertThrows(IllegalArgumentException.class, () -> invite(address));
        assertEquals(0, pendingIds().size());
    }

    @Test
    void anInviteExpiresItsTtlAfterItWasCreated() {
        Invite invite = invite("ada@example.com");

        now = now.plus(TTL).minusSeconds(1);
        assertEquals(List.of(invite.id()), pendingIds());
        assertThrows(InviteAlreadyPendingException.class, () -> invite("ada@example.com"));

        now = now.plusSeconds(1);
        assertEquals(List.of(), pendingIds());
        assertFalse(store.invitations().cancel(org, invite.id(), "admin", now), "an expired invite cannot be cancelled");
        Invite again = invite("ada@example.com");
        assertEquals(List.of(again.id()), pendingIds());
    }

    @Test
    void aCancelledInviteIsGoneAndItsAddressFree() {
        Invite ada = invite("ada@example.com");
        Invite bob = invite("bob@example.com");

        assertTrue(store.invitations().cancel(org, ada.id(), "admin", now));

        assertEquals(List.of(bob.id()), pendingIds());
        assertFalse(store.invitations().cancel(org, ada.id(), "admin", now), "the second cancel finds nothing");
        Invite again = invite("ADA@example.com");
        assertEquals(List.of(bob.id(), again.id()), pendingIds());
    }

    @Test
    void aCancelFindsOnlyThisOrgsPendingInvites() {
        Invite ada = invite("ada@example.com");

        assertFalse(store.invitations().cancel(org, UUID.randomUUID().toString(), "admin", now), "an unknown id");
        assertFalse(store.invitations().cancel(org, TimeOrderedIds.next(now).toString(), "admin", now), "an id never issued");
        assertFalse(store.invitations().cancel(otherOrg, ada.id(), "admin", now), "another org's invite");
        assertEquals(List.of(ada.id()), pendingIds());
    }

    @Test
    void aPendingInviteIsFoundAsAPageShowsIt() {
        Invite ada = invite("Ada@Example.com");

        assertEquals(Optional.of(ada), store.invitations().find(org, ada.id(), now));
        assertEquals(page(store, PageRequest.first(10)).invites(), List.of(store.invitations().find(org, ada.id(), now).get()));
    }

    @Test
    void findingAnUnknownOrAnotherOrgsInviteFindsNothing() {
        Invite ada = invite("ada@example.com");

        assertEquals(Optional.empty(), store.invitations().find(org, UUID.randomUUID().toString(), now), "an unknown id");
        assertEquals(Optional.empty(), store.invitations().find(org, TimeOrderedIds.next(now).toString(), now), "an id never issued");
        assertEquals(Optional.empty(), store.invitations().find(otherOrg, ada.id(), now), "another org's invite");
    }

    @Test
    void aCancelledInviteIsNotFound() {
        Invite ada = invite("ada@example.com");
        assertTrue(store.invitations().cancel(org, ada.id(), "admin", now));

        assertEquals(Optional.empty(), store.invitations().find(org, ada.id(), now));
    }

    @Test
    void anExpiredInviteIsNotFound() {
        Invite ada = invite("ada@example.com");

        now = now.plus(TTL).minusSeconds(1);
        assertEquals(Optional.of(ada), store.invitations().find(org, ada.id(), now));
        now = now.plusSeconds(1);
        assertEquals(Optional.empty(), store.invitations().find(org, ada.id(), now));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10, 22, 23, 100})
    void pagesForwardThenBackwardCoverEveryInviteOnceInOrder(int limit) {
        List<String> all = created(23);

        List<String> forward = new ArrayList<>();
        InvitePage page = page(store, PageRequest.first(limit));
        assertNull(page.previousCursor());
        List<InvitePage> pages = new ArrayList<>();
        while (true) {
            pages.add(page);
            assertFalse(page.invites().isEmpty(), "a link never leads to an empty page");
            assertTrue(page.invites().size() <= limit);
            forward.addAll(ids(page));
            if (page.nextCursor() == null) {
                break;
            }
            page = page(store, PageRequest.after(limit, Cursor.id(page.nextCursor())));
            assertNotNull(page.previousCursor(), "a page after another links back");
        }
        assertEquals(all, forward);
        assertEquals((23 + limit - 1) / limit, pages.size());

        List<String> backward = new ArrayList<>();
        page = pages.get(pages.size() - 1);
        while (page.previousCursor() != null) {
            page = page(store, PageRequest.before(limit, Cursor.id(page.previousCursor())));
            assertFalse(page.invites().isEmpty(), "a link never leads to an empty page");
            assertTrue(page.invites().size() <= limit);
            assertNotNull(page.nextCursor(), "a page before another links forward");
            backward.addAll(0, ids(page));
        }
        assertEquals(all.subList(0, all.size() - pages.get(pages.size() - 1).invites().size()), backward);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10})
    void pagesBackwardFromTheEndCoverEveryInviteOnce(int limit) {
        List<String> all = created(11);

        List<String> backward = new ArrayList<>();
        InvitePage page = page(store, PageRequest.before(limit, TimeOrderedIds.LAST));
        assertNull(page.nextCursor(), "nothing follows the last invite");
        while (true) {
            assertFalse(page.invites().isEmpty());
            backward.addAll(0, ids(page));
            if (page.previousCursor() == null) {
                break;
            }
            page = page(store, PageRequest.before(limit, Cursor.id(page.previousCursor())));
        }
        assertEquals(all, backward);
    }

    @Test
    void linksAreMeasuredAtTheTimeOfThePage() {
        List<String> ids = created(4);

        InvitePage first = page(store, PageRequest.first(2));
        assertEquals(ids.subList(0, 2), ids(first));
        assertNotNull(first.nextCursor());

        store.invitations().cancel(org, ids.get(2), "admin", now);
        store.invitations().cancel(org, ids.get(3), "admin", now);
        InvitePage firstAgain = page(store, PageRequest.first(2));
        assertNull(firstAgain.nextCursor(), "nothing follows now");

        InvitePage afterLast = page(store, PageRequest.after(2, ids.get(1)));
        assertEquals(List.of(), ids(afterLast), "a stale cursor reads what is pending after it now: nothing");
        assertNull(afterLast.nextCursor());
        assertNotNull(afterLast.previousCursor(), "an empty page links to what remains");
        assertEquals(ids.subList(0, 2), ids(page(store, PageRequest.before(2,
                Cursor.id(afterLast.previousCursor())))));
    }

    @Test
    void anEmptyPageBeforeEverythingLinksForwardToTheStart() {
        List<String> ids = created(3);
        store.invitations().cancel(org, ids.get(0), "admin", now);

        InvitePage beforeAll = page(store, PageRequest.before(10, ids.get(0)));

        assertEquals(List.of(), ids(beforeAll));
        assertNull(beforeAll.previousCursor());
        assertNotNull(beforeAll.nextCursor());
        assertEquals(ids.subList(1, 3), ids(page(store, PageRequest.after(10,
                Cursor.id(beforeAll.nextCursor())))));
        InvitePage none = store.invitations().list(otherOrg, PageRequest.before(10, ids.get(0)), now);
        assertEquals(new InvitePage(List.of(), null, null), none, "nothing anywhere: no links");
    }

    @Test
    void aCursorWhoseInviteExpiredSinceStillPositionsAPage() {
        String expired = invite("old@example.com").id();
        now = now.plus(TTL).plusSeconds(1);
        List<String> live = created(3);

        InvitePage after = page(store, PageRequest.after(10, expired));
        assertEquals(live, ids(after));
        assertNull(after.previousCursor(), "nothing pending precedes");
        assertNull(after.nextCursor());

        InvitePage before = page(store, PageRequest.before(10, expired));
        assertEquals(List.of(), ids(before));
        assertNull(before.previousCursor());
        assertEquals(live, ids(page(store, PageRequest.after(10, Cursor.id(before.nextCursor())))));
    }

    @Test
    void aShorterTtlExpiresInvitesAlreadySentAtTheirCreationPlusTheNewTtl() {
        Invite old = invite("old@example.com");
        now = now.plus(Duration.ofDays(2));
        Invite recent = invite("recent@example.com");
        Store shorter = store(Duration.ofDays(1));

        assertEquals(List.of(recent.id()), ids(page(shorter, PageRequest.first(10))));
        assertEquals(Optional.empty(), shorter.invitations().find(org, old.id(), now), "below the floor: not found");
        assertEquals(Optional.of(recent), shorter.invitations().find(org, recent.id(), now));
        assertFalse(shorter.invitations().cancel(org, old.id(), "admin", now));
        Invite again = shorter.invitations().create(org, "old@example.com", role, "inviter", now);
        assertEquals(List.of(recent.id(), again.id()), ids(page(shorter, PageRequest.first(10))));
        assertEquals(List.of(), ids(page(shorter, PageRequest.before(10, recent.id()))));
    }

    @Test
    void aLongerTtlKeepsTheExpiryInvitesWereSentWith() {
        Invite sent = invite("ada@example.com");
        Store longer = store(Duration.ofDays(30));

        now = now.plus(TTL).minusSeconds(1);
        assertEquals(List.of(sent.id()), ids(page(longer, PageRequest.first(10))));
        now = now.plusSeconds(1);
        assertEquals(List.of(), ids(page(longer, PageRequest.first(10))));
        assertFalse(longer.invitations().cancel(org, sent.id(), "admin", now));
        Invite again = longer.invitations().create(org, "ada@example.com", role, "inviter", now);
        now = now.plus(TTL);
        assertEquals(List.of(again.id()), ids(page(longer, PageRequest.first(10))), "new invites get the new TTL");
    }

    @Test
    void ofConcurrentCreatesForOneAddressExactlyOneWins() throws Exception {
        List<Callable<Boolean>> creates = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            String email = (i % 2 == 0 ? "ada" : "ADA") + "@example.com" + " ".repeat(i % 3);
            creates.add(() -> {
                try {
                    invite(email);
                    return true;
                } catch (InviteAlreadyPendingException e) {
                    return false;
                }
            });
        }

        assertEquals(1, Race.run(creates).stream().filter(won -> won).count());
        assertEquals(1, pendingIds().size());
    }

    @Test
    void ofConcurrentCancelsOfOneInviteExactlyOneWins() throws Exception {
        String id = invite("ada@example.com").id();
        List<Callable<Boolean>> cancels = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            String admin = "admin-" + i;
            cancels.add(() -> store.invitations().cancel(org, id, admin, now));
        }

        assertEquals(1, Race.run(cancels).stream().filter(won -> won).count());
        assertEquals(List.of(), pendingIds());
        invite("ada@example.com");
    }

    @Test
    void anIssueHasItsOwnNonceItsTimeAndItsExpiryAndNoDelivery() {
        Invite ada = invite("Ada@Example.com");
        Invite bob = invite("bob@example.com");

        IssuedInvite issue = issued(ada.id());
        assertEquals(ada, issue.invite());
        assertEquals("inviter", issue.invitedBy());
        assertEquals(now, issue.issuedAt(), "the id's time, which is the create's");
        assertEquals(Instant.ofEpochSecond(now.plus(TTL).getEpochSecond()), issue.expiresAt());
        assertNull(issue.deliveredAt());
        assertEquals(16, Base64.getUrlDecoder().decode(issue.tokenNonce()).length, "128 random bits, base64url");
        assertFalse(issue.tokenNonce().contains("="), "unpadded");
        assertNotEquals(issue.tokenNonce(), issued(bob.id()).tokenNonce());
        assertEquals(issue, issued(ada.id()), "read again, the same");
    }

    @ParameterizedTest
    @EnumSource(NotPending.class)
    void anInviteNoLongerPendingIsNotIssuedResentOrAccepted(NotPending state) {
        Invite ada = invite("ada@example.com");
        String nonce = issued(ada.id()).tokenNonce();
        now = now.plus(INTERVAL);
        String[] asked = state.make(this, ada);
        List<String> pendingBefore = pendingIds();
        List<Membership> membersBefore = memberships(PageRequest.first(100)).memberships();

        assertEquals(Optional.empty(), store.invitations().issued(asked[0], asked[1], now));
        assertEquals(Optional.empty(), store.invitations().resend(asked[0], asked[1], "admin", INTERVAL, now));
        assertEquals(Optional.empty(), store.memberships().accept(asked[0], asked[1], nonce, "user-1", now));

        assertEquals(pendingBefore, pendingIds(), "nothing changed");
        assertEquals(membersBefore, memberships(PageRequest.first(100)).memberships(), "nothing changed");
    }

    @Test
    void aDeliveryIsRecordedOnceAndOnlyForTheIssueWithItsNonce() {
        Invite ada = invite("ada@example.com");
        String nonce = issued(ada.id()).tokenNonce();

        assertFalse(store.invitations().recordDelivery(org, ada.id(), "not-the-nonce", "m-0", now));
        assertFalse(store.invitations().recordDelivery(otherOrg, ada.id(), nonce, "m-0", now), "another org's invite");
        assertFalse(store.invitations().recordDelivery(org, UUID.randomUUID().toString(), nonce, "m-0", now), "an unknown id");
        assertNull(issued(ada.id()).deliveredAt());

        Instant sent = now.plusSeconds(2);
        assertTrue(store.invitations().recordDelivery(org, ada.id(), nonce, "m-1", sent));
        assertEquals(sent, issued(ada.id()).deliveredAt());
        assertFalse(store.invitations().recordDelivery(org, ada.id(), nonce, "m-2", sent.plusSeconds(1)), "already recorded");
        assertEquals(sent, issued(ada.id()).deliveredAt(), "the first record stays");
        assertEquals(nonce, issued(ada.id()).tokenNonce(), "a delivery is no new issue");
    }

    @Test
    void aDeliveryOfAGoneIssueIsNotRecorded() {
        Invite resent = invite("resent@example.com");
        Invite cancelled = invite("cancelled@example.com");
        Invite accepted = invite("accepted@example.com");
        String resentNonce = issued(resent.id()).tokenNonce();
        String cancelledNonce = issued(cancelled.id()).tokenNonce();
        String acceptedNonce = issued(accepted.id()).tokenNonce();
        now = now.plus(INTERVAL);
        IssuedInvite reissue = store.invitations().resend(org, resent.id(), "admin", INTERVAL, now).orElseThrow();
        store.invitations().cancel(org, cancelled.id(), "admin", now);
        store.memberships().accept(org, accepted.id(), acceptedNonce, "user-1", now);

        assertFalse(store.invitations().recordDelivery(org, resent.id(), resentNonce, "m-1", now));
        assertFalse(store.invitations().recordDelivery(org, reissue.invite().id(), resentNonce, "m-1", now), "the old nonce");
        assertFalse(store.invitations().recordDelivery(org, cancelled.id(), cancelledNonce, "m-1", now));
        assertFalse(store.invitations().recordDelivery(org, accepted.id(), acceptedNonce, "m-1", now));
        assertTrue(store.invitations().recordDelivery(org, reissue.invite().id(), reissue.tokenNonce(), "m-1", now));
    }

    // Resends

    /** The inviter's name, for the email: as their token gave it when fit to show, kept by every re-issue. */
    @Test
    void anInviteKeepsItsInvitersNameThroughEveryReissue() {
        UserNames[] inviters = {new UserNames("Grace Hopper", "grace"), new UserNames(null, "grace"),
            new UserNames("Grace\u202e reppoH", null), UserNames.NONE};
        String[] kept = {"Grace Hopper", null, null, null};
        for (int i = 0; i < inviters.length; i++) {
            Invite invite = store.invitations().create(org, "named" + i + "@example.com", role, "inviter",
                    inviters[i], now);
            assertEquals(kept[i], issued(invite.id()).inviterName());
            now = now.plus(INTERVAL);
            IssuedInvite reissue = store.invitations().resend(org, invite.id(), "admin", INTERVAL, now)
                    .orElseThrow();
            assertEquals(kept[i], reissue.inviterName(), "whoever invited, not whoever resent");
            assertEquals(reissue, issued(reissue.invite().id()));
        }
        IdempotencyKey key = key("inviter", "k-1", "{}");
        assertNull(store.idempotencyKeys().reserve(org, key, now));
        Invite keyed = store.invitations().create(org, "keyed@example.com", role, "inviter",
                new UserNames("Grace Hopper", null), now, key,
                invite -> new IdempotencyRecord(key.fingerprint(), 201, "/invites/" + invite.id(), "{}"));
        assertEquals("Grace Hopper", issued(keyed.id()).inviterName(), "a create holding a key keeps it too");
    }

    @Test
    void aResendReplacesTheInviteWithANewIssueUnderANewId() {
        Invite ada = invite("Ada@Example.com");
        IssuedInvite first = issued(ada.id());
        store.invitations().recordDelivery(org, ada.id(), first.tokenNonce(), "m-1", now);
        Invite bob = invite("bob@example.com");
        now = now.plus(INTERVAL).plusMillis(3);

        IssuedInvite reissue = store.invitations().resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow();

        Invite renewed = reissue.invite();
        assertNotEquals(ada.id(), renewed.id());
        assertEquals(7, UUID.fromString(renewed.id()).version());
        assertEquals(new Invite(renewed.id(), org, "Ada@Example.com", role, "Developer"), renewed);
        assertEquals("inviter", reissue.invitedBy(), "whoever invited, not whoever resent");
        assertEquals(now, reissue.issuedAt());
        assertEquals(Instant.ofEpochSecond(now.plus(TTL).getEpochSecond()), reissue.expiresAt());
        assertNotEquals(first.tokenNonce(), reissue.tokenNonce());
        assertEquals(16, Base64.getUrlDecoder().decode(reissue.tokenNonce()).length);
        assertNull(reissue.deliveredAt(), "the new issue is undelivered, which wakes the mailer");
        assertEquals(reissue, issued(renewed.id()));

        assertEquals(List.of(bob.id(), renewed.id()), pendingIds(), "the new id sorts as of the resend");
        assertEquals(Optional.empty(), store.invitations().find(org, ada.id(), now));
        assertEquals(Optional.of(renewed), store.invitations().find(org, renewed.id(), now));
        assertFalse(store.invitations().cancel(org, ada.id(), "admin", now), "the old id is gone");
    }

    @Test
    void aResendMovesTheAddressesGuardToTheNewIssue() {
        Instant created = now;
        Invite ada = invite("ada@example.com");
        now = now.plus(INTERVAL);
        Invite renewed = store.invitations().resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow().invite();

        assertThrows(InviteAlreadyPendingException.class, () -> invite("ADA@example.com"));
        now = created.plus(TTL);
        assertEquals(List.of(renewed.id()), pendingIds(), "pending past the first issue's expiry");
        assertThrows(InviteAlreadyPendingException.class, () -> invite("ada@example.com"), "guarded past it too");

        assertTrue(store.invitations().cancel(org, renewed.id(), "admin", now));
        Invite again = invite("ada@example.com");
        assertEquals(List.of(again.id()), pendingIds(), "cancelling the new issue frees the address");
    }

    @Test
    void aReissueExpiresItsTtlAfterTheResend() {
        Invite ada = invite("ada@example.com");
        now = now.plus(Duration.ofDays(3));
        Invite renewed = store.invitations().resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow().invite();

        now = now.plus(TTL).minusSeconds(1);
        assertEquals(List.of(renewed.id()), pendingIds());
        now = now.plusSeconds(1);
        assertEquals(List.of(), pendingIds());
        assertEquals(Optional.empty(), store.invitations().resend(org, renewed.id(), "admin", INTERVAL, now));
        invite("ada@example.com");
    }

    @Test
    void aResendTooSoonSaysWhenItMayBeRetriedAndChangesNothing() {
        Instant created = now;
        Invite ada = invite("ada@example.com");
        IssuedInvite first = issued(ada.id());

        for (Instant tooSoon : List.of(created, created.plus(INTERVAL).minusMillis(1))) {
            now = tooSoon;
            ResendTooSoonException refused = assertThrows(ResendTooSoonException.class,
                    () -> store.invitations().resend(org, ada.id(), "admin", INTERVAL, now));
            assertEquals(created.plus(INTERVAL), refused.retryAt());
            assertEquals(first, issued(ada.id()), "nothing changed");
            assertEquals(List.of(ada.id()), pendingIds());
        }

        now = created.plus(INTERVAL);
        Invite renewed = store.invitations().resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow().invite();
        ResendTooSoonException again = assertThrows(ResendTooSoonException.class,
                () -> store.invitations().resend(org, renewed.id(), "admin", INTERVAL, now));
        assertEquals(now.plus(INTERVAL), again.retryAt(), "the interval runs from the last issue");
    }
}
