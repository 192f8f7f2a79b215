package dev.orginvites.shared.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.IdempotencyReservationLostException;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.ResendTooSoonException;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.shared.store.UnknownRoleException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of {@link InviteStore} the API relies on, as tests any store must pass: a store is run by a subclass
 * that says how to make one. Time is passed in, so expiry is tested by moving {@code now}, never by sleeping.
 */
public abstract class InviteStoreConformance {
    private static final Duration TTL = Duration.ofDays(7);
    private static final int RACERS = 8;
    private static final Duration INTERVAL = Duration.ofMinutes(5);

    /**
     * A store under an invite TTL. Every store one test asks for holds the same data, as functions redeployed with
     * another TTL share a table.
     */
    protected abstract InviteStore store(Duration inviteTtl);

    private InviteStore store;
    private final String org = UUID.randomUUID().toString();
    private final String otherOrg = UUID.randomUUID().toString();
    private final String role = UUID.randomUUID().toString();
    private final String otherOrgsRole = UUID.randomUUID().toString();
    private Instant now = Instant.parse("2026-11-30T12:00:00.250Z");

    @BeforeEach
    void createStoreAndRoles() {
        store = store(TTL);
        store.putRole(org, role, "Developer");
        store.putRole(otherOrg, otherOrgsRole, "Collaborator");
    }

    private Invite invite(String email) {
        return store.create(org, email, role, "inviter", now);
    }

    private List<String> created(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(invite("person" + i + "@example.com").id());
            now = now.plusMillis(7);
        }
        return ids;
    }

    private InvitePage page(InviteStore on, PageRequest request) {
        return on.list(org, request, now);
    }

    private List<String> pendingIds() {
        return ids(page(store, PageRequest.first(1000)));
    }

    private static List<String> ids(InvitePage page) {
        return page.invites().stream().map(Invite::id).toList();
    }

    @Test
    void aCreatedInviteIsPendingAsGiven() {
        Invite invite = store.create(org, "Ada.Lovelace@Example.com", role, "inviter", now);

        assertEquals(org, invite.orgId());
        assertEquals("Ada.Lovelace@Example.com", invite.email());
        assertEquals(role, invite.roleId());
        assertEquals("Developer", invite.roleName());
        assertEquals(List.of(invite), page(store, PageRequest.first(10)).invites());
        assertEquals(List.of(), store.list(otherOrg, PageRequest.first(10), now).invites());
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
        assertEquals(again, store.create(otherOrg, again, otherOrgsRole, "inviter", now).email(),
                "another org's invites are its own");
    }

    /**
     * Pairs of addresses and whether they name one mailbox ({@code EmailAddresses}' rule): only ASCII letters fold in
     * the local part, the domain compares in its IDNA ASCII form.
     */
    static Stream<Arguments> addressPairs() {
        return Stream.of(
                Arguments.of("kelvin@example.com", "\u212Aelvin@example.com", false), // KELVIN SIGN is no K
                Arguments.of("\u0130da@example.com", "i\u0307da@example.com", false), // İ is not i + dot above
                Arguments.of("\u0130da@example.com", "ida@example.com", false),
                Arguments.of("\uFF21da@example.com", "\uFF41da@example.com", false), // fullwidth A, a: not folded
                Arguments.of("\uFF41da@example.com", "ada@example.com", false),
                Arguments.of("\u00C9mile@example.com", "\u00E9mile@example.com", false), // É, é: not folded
                Arguments.of("ada@b\u00FCcher.example", "ada@xn--bcher-kva.example", true),
                Arguments.of("Ada@B\u00DCCHER.example", "ADA@XN--BCHER-KVA.EXAMPLE", true),
                Arguments.of("ada@example.com", " ADA@Example.COM ", true));
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
    void aRoleMustExistInTheOrg() {
        assertThrows(UnknownRoleException.class, () -> store.create(org, "a@example.com",
                UUID.randomUUID().toString(), "inviter", now));
        assertThrows(UnknownRoleException.class, () -> store.create(org, "a@example.com", otherOrgsRole, "inviter",
                now));
        assertEquals(List.of(), pendingIds());
        invite("a@example.com");
    }

    @Test
    void aRoleNeedsANameAndARenameShowsOnLaterInvites() {
        assertThrows(IllegalArgumentException.class, () -> store.putRole(org, role, " "));
        assertThrows(IllegalArgumentException.class, () -> store.putRole(org, role, null));
        Invite before = invite("before@example.com");

        store.putRole(org, role, "Engineer");

        assertEquals("Engineer", invite("after@example.com").roleName());
        assertEquals("Developer", page(store, PageRequest.first(10)).invites().get(0).roleName());
        assertEquals(before.id(), pendingIds().get(0));
    }

    @Test
    void anInviteExpiresItsTtlAfterItWasCreated() {
        Invite invite = invite("ada@example.com");

        now = now.plus(TTL).minusSeconds(1);
        assertEquals(List.of(invite.id()), pendingIds());
        assertThrows(InviteAlreadyPendingException.class, () -> invite("ada@example.com"));

        now = now.plusSeconds(1);
        assertEquals(List.of(), pendingIds());
        assertFalse(store.cancel(org, invite.id(), "admin", now), "an expired invite cannot be cancelled");
        Invite again = invite("ada@example.com");
        assertEquals(List.of(again.id()), pendingIds());
    }

    @Test
    void aCancelledInviteIsGoneAndItsAddressFree() {
        Invite ada = invite("ada@example.com");
        Invite bob = invite("bob@example.com");

        assertTrue(store.cancel(org, ada.id(), "admin", now));

        assertEquals(List.of(bob.id()), pendingIds());
        assertFalse(store.cancel(org, ada.id(), "admin", now), "the second cancel finds nothing");
        Invite again = invite("ADA@example.com");
        assertEquals(List.of(bob.id(), again.id()), pendingIds());
    }

    @Test
    void aCancelFindsOnlyThisOrgsPendingInvites() {
        Invite ada = invite("ada@example.com");

        assertFalse(store.cancel(org, UUID.randomUUID().toString(), "admin", now), "an unknown id");
        assertFalse(store.cancel(org, TimeOrderedIds.next(now).toString(), "admin", now), "an id never issued");
        assertFalse(store.cancel(otherOrg, ada.id(), "admin", now), "another org's invite");
        assertEquals(List.of(ada.id()), pendingIds());
    }

    @Test
    void aPendingInviteIsFoundAsAPageShowsIt() {
        Invite ada = invite("Ada@Example.com");

        assertEquals(Optional.of(ada), store.find(org, ada.id(), now));
        assertEquals(page(store, PageRequest.first(10)).invites(), List.of(store.find(org, ada.id(), now).get()));
    }

    @Test
    void findingAnUnknownOrAnotherOrgsInviteFindsNothing() {
        Invite ada = invite("ada@example.com");

        assertEquals(Optional.empty(), store.find(org, UUID.randomUUID().toString(), now), "an unknown id");
        assertEquals(Optional.empty(), store.find(org, TimeOrderedIds.next(now).toString(), now), "an id never issued");
        assertEquals(Optional.empty(), store.find(otherOrg, ada.id(), now), "another org's invite");
    }

    @Test
    void aCancelledInviteIsNotFound() {
        Invite ada = invite("ada@example.com");
        assertTrue(store.cancel(org, ada.id(), "admin", now));

        assertEquals(Optional.empty(), store.find(org, ada.id(), now));
    }

    @Test
    void anExpiredInviteIsNotFound() {
        Invite ada = invite("ada@example.com");

        now = now.plus(TTL).minusSeconds(1);
        assertEquals(Optional.of(ada), store.find(org, ada.id(), now));
        now = now.plusSeconds(1);
        assertEquals(Optional.empty(), store.find(org, ada.id(), now));
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

        store.cancel(org, ids.get(2), "admin", now);
        store.cancel(org, ids.get(3), "admin", now);
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
        store.cancel(org, ids.get(0), "admin", now);

        InvitePage beforeAll = page(store, PageRequest.before(10, ids.get(0)));

        assertEquals(List.of(), ids(beforeAll));
        assertNull(beforeAll.previousCursor());
        assertNotNull(beforeAll.nextCursor());
        assertEquals(ids.subList(1, 3), ids(page(store, PageRequest.after(10,
                Cursor.id(beforeAll.nextCursor())))));
        InvitePage none = store.list(otherOrg, PageRequest.before(10, ids.get(0)), now);
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
        InviteStore shorter = store(Duration.ofDays(1));

        assertEquals(List.of(recent.id()), ids(page(shorter, PageRequest.first(10))));
        assertEquals(Optional.empty(), shorter.find(org, old.id(), now), "below the floor: not found");
        assertEquals(Optional.of(recent), shorter.find(org, recent.id(), now));
        assertFalse(shorter.cancel(org, old.id(), "admin", now));
        Invite again = shorter.create(org, "old@example.com", role, "inviter", now);
        assertEquals(List.of(recent.id(), again.id()), ids(page(shorter, PageRequest.first(10))));
        assertEquals(List.of(), ids(page(shorter, PageRequest.before(10, recent.id()))));
    }

    @Test
    void aLongerTtlKeepsTheExpiryInvitesWereSentWith() {
        Invite sent = invite("ada@example.com");
        InviteStore longer = store(Duration.ofDays(30));

        now = now.plus(TTL).minusSeconds(1);
        assertEquals(List.of(sent.id()), ids(page(longer, PageRequest.first(10))));
        now = now.plusSeconds(1);
        assertEquals(List.of(), ids(page(longer, PageRequest.first(10))));
        assertFalse(longer.cancel(org, sent.id(), "admin", now));
        Invite again = longer.create(org, "ada@example.com", role, "inviter", now);
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
            cancels.add(() -> store.cancel(org, id, admin, now));
        }

        assertEquals(1, Race.run(cancels).stream().filter(won -> won).count());
        assertEquals(List.of(), pendingIds());
        invite("ada@example.com");
    }

    // Idempotency keys

    private static IdempotencyKey key(String caller, String key, String request) {
        return IdempotencyKey.of(caller, key, request);
    }

    private Invite createHolding(IdempotencyKey key, String email) {
        return store.create(org, email, role, "inviter", now, key,
                invite -> new IdempotencyRecord(key.fingerprint(), 201, "/invites/" + invite.id(),
                        "{\"id\":\"" + invite.id() + "\"}"));
    }

    @Test
    void aReservedKeyIsInFlightUntilItsCreateRecordsTheAnswer() {
        IdempotencyKey first = key("alice", "k-1", "request a");
        assertNull(store.reserve(org, first, now));

        IdempotencyKey retry = key("alice", "k-1", "request a");
        assertEquals(IdempotencyRecord.inFlight(first.fingerprint()), store.reserve(org, retry, now));

        Invite invite = createHolding(first, "ada@example.com");
        IdempotencyRecord done = store.reserve(org, retry, now.plusSeconds(60));
        assertEquals(new IdempotencyRecord(first.fingerprint(), 201, "/invites/" + invite.id(),
                "{\"id\":\"" + invite.id() + "\"}"), done);
        assertEquals(List.of(invite.id()), pendingIds(), "the key's record is no invite");
    }

    @Test
    void aKeyIsTheCallersAndTheOrgsOwn() {
        assertNull(store.reserve(org, key("alice", "k-1", "request"), now));

        assertNull(store.reserve(org, key("bob", "k-1", "request"), now));
        assertNull(store.reserve(otherOrg, key("alice", "k-1", "request"), now));
        assertNull(store.reserve(org, key("alic", "ek-1", "request"), now), "caller and key do not run together");
    }

    @Test
    void aCrashedRequestsReservationIsFreeAfterItsLeaseAndItsCreateThenWritesNothing() {
        IdempotencyKey crashed = key("alice", "k-1", "request");
        assertNull(store.reserve(org, crashed, now));

        now = now.plus(IdempotencyKey.LEASE).minusSeconds(1);
        assertNotNull(store.reserve(org, key("alice", "k-1", "request"), now));
        now = now.plusSeconds(1);
        IdempotencyKey retry = key("alice", "k-1", "request");
        assertNull(store.reserve(org, retry, now));

        assertThrows(IdempotencyReservationLostException.class, () -> createHolding(crashed, "ada@example.com"));
        assertEquals(List.of(), pendingIds());
        Invite invite = createHolding(retry, "ada@example.com");
        assertEquals(List.of(invite.id()), pendingIds());
    }

    @Test
    void anAnswerIsReplayedForItsRetentionThenTheKeyIsFree() {
        IdempotencyKey first = key("alice", "k-1", "request");
        store.reserve(org, first, now);
        createHolding(first, "ada@example.com");

        now = now.plus(IdempotencyKey.RETENTION).minusSeconds(1);
        assertEquals(201, store.reserve(org, key("alice", "k-1", "request"), now).status());
        now = now.plusSeconds(1);
        assertNull(store.reserve(org, key("alice", "k-1", "request"), now));
    }

    @Test
    void aReleasedKeyIsFreeAndOnlyItsHolderReleasesIt() {
        IdempotencyKey first = key("alice", "k-1", "request");
        store.reserve(org, first, now);

        store.release(org, key("alice", "k-1", "request"));
        assertNotNull(store.reserve(org, key("alice", "k-1", "request"), now), "not the holder's release");

        store.release(org, first);
        IdempotencyKey retry = key("alice", "k-1", "other request");
        assertNull(store.reserve(org, retry, now));
        createHolding(retry, "ada@example.com");
        assertEquals(1, pendingIds().size());
    }

    @Test
    void ofConcurrentReservationsOfOneKeyExactlyOneHoldsIt() throws Exception {
        List<Callable<Boolean>> reservations = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            reservations.add(() -> store.reserve(org, key("alice", "k-1", "request"), now) == null);
        }

        assertEquals(1, Race.run(reservations).stream().filter(held -> held).count());
    }

    // Issues: tokens' nonces and delivery

    private IssuedInvite issued(String inviteId) {
        return store.issued(org, inviteId, now).orElseThrow();
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

    /** What an invite can have become, other than pending: none of them is issued, resent or accepted. */
    enum NotPending {
        UNKNOWN, NEVER_ISSUED, ANOTHER_ORGS, CANCELLED, EXPIRED, RESENT, ACCEPTED;

        /** Puts the invite in this state; returns the org and id to ask for. */
        String[] make(InviteStoreConformance test, Invite invite) {
            InviteStore store = test.store;
            return switch (this) {
                case UNKNOWN -> new String[] {test.org, UUID.randomUUID().toString()};
                case NEVER_ISSUED -> new String[] {test.org, TimeOrderedIds.next(test.now).toString()};
                case ANOTHER_ORGS -> new String[] {test.otherOrg, invite.id()};
                case CANCELLED -> {
                    assertTrue(store.cancel(test.org, invite.id(), "admin", test.now));
                    yield new String[] {test.org, invite.id()};
                }
                case EXPIRED -> {
                    test.now = test.now.plus(TTL);
                    yield new String[] {test.org, invite.id()};
                }
                case RESENT -> {
                    test.now = test.now.plus(INTERVAL);
                    assertTrue(store.resend(test.org, invite.id(), "admin", INTERVAL, test.now).isPresent());
                    yield new String[] {test.org, invite.id()};
                }
                case ACCEPTED -> {
                    String nonce = test.issued(invite.id()).tokenNonce();
                    assertTrue(store.accept(test.org, invite.id(), nonce, "user-0", test.now).isPresent());
                    yield new String[] {test.org, invite.id()};
                }
            };
        }
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

        assertEquals(Optional.empty(), store.issued(asked[0], asked[1], now));
        assertEquals(Optional.empty(), store.resend(asked[0], asked[1], "admin", INTERVAL, now));
        assertEquals(Optional.empty(), store.accept(asked[0], asked[1], nonce, "user-1", now));

        assertEquals(pendingBefore, pendingIds(), "nothing changed");
        assertEquals(membersBefore, memberships(PageRequest.first(100)).memberships(), "nothing changed");
    }

    @Test
    void aDeliveryIsRecordedOnceAndOnlyForTheIssueWithItsNonce() {
        Invite ada = invite("ada@example.com");
        String nonce = issued(ada.id()).tokenNonce();

        assertFalse(store.recordDelivery(org, ada.id(), "not-the-nonce", "m-0", now));
        assertFalse(store.recordDelivery(otherOrg, ada.id(), nonce, "m-0", now), "another org's invite");
        assertFalse(store.recordDelivery(org, UUID.randomUUID().toString(), nonce, "m-0", now), "an unknown id");
        assertNull(issued(ada.id()).deliveredAt());

        Instant sent = now.plusSeconds(2);
        assertTrue(store.recordDelivery(org, ada.id(), nonce, "m-1", sent));
        assertEquals(sent, issued(ada.id()).deliveredAt());
        assertFalse(store.recordDelivery(org, ada.id(), nonce, "m-2", sent.plusSeconds(1)), "already recorded");
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
        IssuedInvite reissue = store.resend(org, resent.id(), "admin", INTERVAL, now).orElseThrow();
        store.cancel(org, cancelled.id(), "admin", now);
        store.accept(org, accepted.id(), acceptedNonce, "user-1", now);

        assertFalse(store.recordDelivery(org, resent.id(), resentNonce, "m-1", now));
        assertFalse(store.recordDelivery(org, reissue.invite().id(), resentNonce, "m-1", now), "the old nonce");
        assertFalse(store.recordDelivery(org, cancelled.id(), cancelledNonce, "m-1", now));
        assertFalse(store.recordDelivery(org, accepted.id(), acceptedNonce, "m-1", now));
        assertTrue(store.recordDelivery(org, reissue.invite().id(), reissue.tokenNonce(), "m-1", now));
    }

    // Resends

    @Test
    void aResendReplacesTheInviteWithANewIssueUnderANewId() {
        Invite ada = invite("Ada@Example.com");
        IssuedInvite first = issued(ada.id());
        store.recordDelivery(org, ada.id(), first.tokenNonce(), "m-1", now);
        Invite bob = invite("bob@example.com");
        now = now.plus(INTERVAL).plusMillis(3);

        IssuedInvite reissue = store.resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow();

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
        assertEquals(Optional.empty(), store.find(org, ada.id(), now));
        assertEquals(Optional.of(renewed), store.find(org, renewed.id(), now));
        assertFalse(store.cancel(org, ada.id(), "admin", now), "the old id is gone");
    }

    @Test
    void aResendMovesTheAddressesGuardToTheNewIssue() {
        Instant created = now;
        Invite ada = invite("ada@example.com");
        now = now.plus(INTERVAL);
        Invite renewed = store.resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow().invite();

        assertThrows(InviteAlreadyPendingException.class, () -> invite("ADA@example.com"));
        now = created.plus(TTL);
        assertEquals(List.of(renewed.id()), pendingIds(), "pending past the first issue's expiry");
        assertThrows(InviteAlreadyPendingException.class, () -> invite("ada@example.com"), "guarded past it too");

        assertTrue(store.cancel(org, renewed.id(), "admin", now));
        Invite again = invite("ada@example.com");
        assertEquals(List.of(again.id()), pendingIds(), "cancelling the new issue frees the address");
    }

    @Test
    void aReissueExpiresItsTtlAfterTheResend() {
        Invite ada = invite("ada@example.com");
        now = now.plus(Duration.ofDays(3));
        Invite renewed = store.resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow().invite();

        now = now.plus(TTL).minusSeconds(1);
        assertEquals(List.of(renewed.id()), pendingIds());
        now = now.plusSeconds(1);
        assertEquals(List.of(), pendingIds());
        assertEquals(Optional.empty(), store.resend(org, renewed.id(), "admin", INTERVAL, now));
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
                    () -> store.resend(org, ada.id(), "admin", INTERVAL, now));
            assertEquals(created.plus(INTERVAL), refused.retryAt());
            assertEquals(first, issued(ada.id()), "nothing changed");
            assertEquals(List.of(ada.id()), pendingIds());
        }

        now = created.plus(INTERVAL);
        Invite renewed = store.resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow().invite();
        ResendTooSoonException again = assertThrows(ResendTooSoonException.class,
                () -> store.resend(org, renewed.id(), "admin", INTERVAL, now));
        assertEquals(now.plus(INTERVAL), again.retryAt(), "the interval runs from the last issue");
    }

    // Accepts and memberships

    private Membership accept(Invite invite, String user) {
        return store.accept(org, invite.id(), issued(invite.id()).tokenNonce(), user, now).orElseThrow();
    }

    private MembershipPage memberships(PageRequest request) {
        return store.memberships(org, request);
    }

    @Test
    void anAcceptMakesAMembershipAndEndsTheInvite() {
        Invite ada = invite("Ada@Example.com");
        Invite bob = invite("bob@example.com");
        now = now.plusSeconds(30);

        Membership membership = accept(ada, "user-ada");

        assertEquals(7, UUID.fromString(membership.id()).version());
        assertEquals(now.toEpochMilli(), TimeOrderedIds.timeOf(membership.id()).toEpochMilli(),
                "a UUIDv7 of the accept");
        assertEquals(new Membership(membership.id(), org, "user-ada", "Ada@Example.com", role, "Developer", now,
                "inviter", ada.id()), membership);
        assertEquals(List.of(membership), memberships(PageRequest.first(10)).memberships());
        assertEquals(List.of(), store.memberships(otherOrg, PageRequest.first(10)).memberships());

        assertEquals(List.of(bob.id()), pendingIds());
        assertEquals(Optional.empty(), store.find(org, ada.id(), now));
        assertFalse(store.cancel(org, ada.id(), "admin", now));
        Invite again = invite("ada@example.com");
        assertEquals(List.of(bob.id(), again.id()), pendingIds(), "the address is free again");
    }

    @Test
    void anAcceptNeedsTheNonceOfTheInvitesCurrentIssue() {
        Invite ada = invite("ada@example.com");
        Invite bob = invite("bob@example.com");
        String adaNonce = issued(ada.id()).tokenNonce();
        now = now.plus(INTERVAL);
        Invite renewed = store.resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow().invite();
        IssuedInvite current = issued(renewed.id());

        for (String wrong : new String[] {adaNonce, issued(bob.id()).tokenNonce(), "", null,
                current.tokenNonce().substring(1)}) {
            assertEquals(Optional.empty(), store.accept(org, renewed.id(), wrong, "user-ada", now));
        }

        assertEquals(current, issued(renewed.id()), "nothing changed");
        assertEquals(List.of(bob.id(), renewed.id()), pendingIds());
        assertEquals(List.of(), memberships(PageRequest.first(10)).memberships());
        assertEquals("user-ada", accept(renewed, "user-ada").userId());
    }

    @Test
    void aMemberCannotJoinAgainAndTheInviteStaysPending() {
        Invite first = invite("ada@example.com");
        Invite second = invite("ada.work@example.com");
        Membership membership = accept(first, "user-ada");
        IssuedInvite pending = issued(second.id());

        assertThrows(AlreadyMemberException.class,
                () -> store.accept(org, second.id(), pending.tokenNonce(), "user-ada", now));

        assertEquals(pending, issued(second.id()), "the invite is still pending as it was");
        assertThrows(InviteAlreadyPendingException.class, () -> invite("ada.work@example.com"), "and guarded");
        assertEquals(List.of(membership), memberships(PageRequest.first(10)).memberships());
        assertEquals("user-other", accept(second, "user-other").userId(), "another user may accept it");
        Invite elsewhere = store.create(otherOrg, "ada@example.com", otherOrgsRole, "inviter", now);
        assertEquals("user-ada", store.accept(otherOrg, elsewhere.id(),
                store.issued(otherOrg, elsewhere.id(), now).orElseThrow().tokenNonce(), "user-ada", now)
                .orElseThrow().userId(), "membership is per org");
    }

    private List<String> membershipIds(MembershipPage page) {
        return page.memberships().stream().map(Membership::id).toList();
    }

    private List<String> joined(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(accept(invite("member" + i + "@example.com"), "user-" + i).id());
            now = now.plusMillis(3);
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 13, 14})
    void membershipPagesBothWaysCoverEveryMembershipOnceInJoiningOrder(int limit) {
        List<String> all = joined(13);
        List<String> sorted = new ArrayList<>(all);
        Collections.sort(sorted);
        assertEquals(all, sorted, "ids sort in joining order");

        List<String> forward = new ArrayList<>();
        MembershipPage page = memberships(PageRequest.first(limit));
        assertNull(page.previousCursor());
        MembershipPage last;
        while (true) {
            assertFalse(page.memberships().isEmpty(), "a link never leads to an empty page");
            assertTrue(page.memberships().size() <= limit);
            forward.addAll(membershipIds(page));
            if (page.nextCursor() == null) {
                last = page;
                break;
            }
            page = memberships(PageRequest.after(limit, Cursor.id(page.nextCursor())));
            assertNotNull(page.previousCursor(), "a page after another links back");
        }
        assertEquals(all, forward);

        List<String> backward = new ArrayList<>(membershipIds(last));
        page = last;
        while (page.previousCursor() != null) {
            page = memberships(PageRequest.before(limit, Cursor.id(page.previousCursor())));
            assertFalse(page.memberships().isEmpty(), "a link never leads to an empty page");
            assertNotNull(page.nextCursor(), "a page before another links forward");
            backward.addAll(0, membershipIds(page));
        }
        assertEquals(all, backward);

        MembershipPage fromEnd = memberships(PageRequest.before(limit, TimeOrderedIds.LAST));
        assertNull(fromEnd.nextCursor());
        assertEquals(all.subList(all.size() - Math.min(limit, all.size()), all.size()), membershipIds(fromEnd));
    }

    @Test
    void membershipPagesArePagedAsInvitePagesAre() {
        List<String> ids = joined(3);

        MembershipPage afterAll = memberships(PageRequest.after(10, ids.get(2)));
        assertEquals(List.of(), membershipIds(afterAll));
        assertNull(afterAll.nextCursor());
        assertEquals(ids, membershipIds(memberships(PageRequest.before(10,
                Cursor.id(afterAll.previousCursor())))), "an empty page links to what remains");
        MembershipPage beforeAll = memberships(PageRequest.before(10, ids.get(0)));
        assertEquals(new MembershipPage(List.of(), null, Cursor.of(TimeOrderedIds.FIRST)), beforeAll);
        assertEquals(ids.subList(1, 3), membershipIds(memberships(PageRequest.after(10, ids.get(0)))));
        assertEquals(new MembershipPage(List.of(), null, null),
                store.memberships(otherOrg, PageRequest.before(10, ids.get(0))), "nothing anywhere: no links");
    }

    @Test
    void membershipsDoNotExpireAndAreNoInvites() {
        List<String> ids = joined(2);
        now = now.plus(TTL).plus(TTL);

        assertEquals(ids, membershipIds(memberships(PageRequest.first(10))));
        assertEquals(List.of(), pendingIds());
    }

    // Races on one invitation

    private enum Outcome { ACCEPTED, CANCELLED, RESENT, LOST }

    @Test
    void ofConcurrentAcceptsCancelsAndResendsOfOneInviteExactlyOneWins() throws Exception {
        Set<Outcome> winners = new HashSet<>();
        for (int round = 0; round < 6; round++) {
            String email = "round" + round + "@example.com";
            Invite invite = invite(email);
            String nonce = issued(invite.id()).tokenNonce();
            Instant at = now.plus(INTERVAL);
            List<Callable<Outcome>> racers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String user = "racer-" + round + "-" + i;
                racers.add(() -> store.accept(org, invite.id(), nonce, user, at).isPresent()
                        ? Outcome.ACCEPTED : Outcome.LOST);
                racers.add(() -> store.cancel(org, invite.id(), "admin", at) ? Outcome.CANCELLED : Outcome.LOST);
                racers.add(() -> store.resend(org, invite.id(), "admin", INTERVAL, at).isPresent()
                        ? Outcome.RESENT : Outcome.LOST);
            }
            Collections.rotate(racers, round);

            List<Outcome> outcomes = Race.run(racers);

            List<Outcome> won = outcomes.stream().filter(outcome -> outcome != Outcome.LOST).toList();
            assertEquals(1, won.size(), "exactly one wins: " + outcomes);
            winners.add(won.get(0));
            now = at;
            List<Invite> pending = store.list(org, PageRequest.first(100), now).invites().stream()
                    .filter(candidate -> candidate.email().equals(email)).toList();
            assertEquals(won.get(0) == Outcome.RESENT ? 1 : 0, pending.size(), "at most one pending per address");
            long members = memberships(PageRequest.first(100)).memberships().stream()
                    .filter(membership -> membership.inviteId().equals(invite.id())).count();
            assertEquals(won.get(0) == Outcome.ACCEPTED ? 1 : 0, members, "a membership iff an accept won");
            assertGuardedExactlyWhilePending(email, !pending.isEmpty());
        }
        assertFalse(winners.isEmpty());
    }

    /** A create for the address is refused exactly when an invite for it is pending: its guard holds. */
    private void assertGuardedExactlyWhilePending(String email, boolean pending) {
        if (pending) {
            assertThrows(InviteAlreadyPendingException.class, () -> invite(email), "a pending invite has its guard");
        } else {
            Invite fresh = invite(email);
            assertTrue(store.cancel(org, fresh.id(), "admin", now), "no guard outlives its invite");
        }
    }

    @Test
    void ofConcurrentAcceptsOfOneTokenExactlyOneWinsAndOfOneUsersAcceptsOneJoins() throws Exception {
        Invite ada = invite("ada@example.com");
        String nonce = issued(ada.id()).tokenNonce();
        List<Callable<Boolean>> accepts = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            String user = "user-" + i;
            accepts.add(() -> store.accept(org, ada.id(), nonce, user, now).isPresent());
        }
        assertEquals(1, Race.run(accepts).stream().filter(won -> won).count());

        List<Invite> invites = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            invites.add(invite("same.user" + i + "@example.com"));
        }
        List<Callable<Boolean>> sameUser = new ArrayList<>();
        for (Invite invite : invites) {
            String inviteNonce = issued(invite.id()).tokenNonce();
            sameUser.add(() -> {
                try {
                    return store.accept(org, invite.id(), inviteNonce, "one-user", now).isPresent();
                } catch (AlreadyMemberException e) {
                    return false;
                }
            });
        }
        assertEquals(1, Race.run(sameUser).stream().filter(won -> won).count());
        assertEquals(2, memberships(PageRequest.first(100)).memberships().size());
        assertEquals(RACERS - 1, pendingIds().size(), "the other invites are still pending");
    }
}
