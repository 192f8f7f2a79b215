package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.text.DisplayNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of {@link Memberships}: an accept ends the invite and makes one membership per user and org, needs the
 * current issue's nonce, and wins exactly once against cancels, resends and other accepts; an add makes a membership
 * without an invitation; a role change and a removal find only the org's own memberships; a removed user may join
 * again; whatever races on one user, the user has at most one membership and their record exactly while they have
 * one; memberships page as invites do and never expire; the email filter finds exactly the memberships whose address
 * names the mailbox, and pages them alike.
 */
public abstract class MembershipsConformance extends StoreConformance {
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
        assertEquals(List.of(), store.memberships().list(otherOrg, PageRequest.first(10)).memberships());

        assertEquals(List.of(bob.id()), pendingIds());
        assertEquals(Optional.empty(), store.invitations().find(org, ada.id(), now));
        assertFalse(store.invitations().cancel(org, ada.id(), "admin", now));
        Invite again = invite("ada@example.com");
        assertEquals(List.of(bob.id(), again.id()), pendingIds(), "the address is free again");
    }

    @Test
    void anAcceptKeepsTheNamesTheUsersTokenCarriedInEveryReadAndThroughARoleChange() {
        String longest = "N".repeat(DisplayNames.MAX_LENGTH - 1) + "\u00e9";
        UserNames[] cases = {
            new UserNames("Ada Lovelace", "ada"),
            new UserNames("Zo\u00eb \u00c5ngstr\u00f6m \ud83d\ude80", null),
            new UserNames(null, "\u5c71\u7530"),
            new UserNames(longest, longest),
            UserNames.NONE,
        };
        String admin = UUID.randomUUID().toString();
        store.directory().putRole(org, admin, "Org Admin");
        List<Membership> made = new ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            Invite invite = invite("named" + i + "@example.com");
            Membership membership = store.memberships().accept(org, invite.id(), issued(invite.id()).tokenNonce(),
                    "user-" + i, cases[i], now).orElseThrow();
            assertEquals(cases[i], membership.userNames());
            assertEquals(Optional.of(membership), store.memberships().find(org, membership.id()));
            assertEquals(Optional.of(membership), store.memberships().ofUser(org, "user-" + i));
            made.add(membership);
            now = now.plusMillis(3);
        }
        assertEquals(made, memberships(PageRequest.first(10)).memberships());

        Membership named = made.get(0);
        assertTrue(store.memberships().changeRole(org, named.id(), admin, "owner", now));
        assertEquals(Optional.of(named.withRole(admin, "Org Admin")), store.memberships().find(org, named.id()),
                "a role change keeps the names");
    }

    @Test
    void anAcceptKeepsNoNameUnfitToShow() {
        Invite invite = invite("ada@example.com");
        Membership membership = store.memberships().accept(org, invite.id(), issued(invite.id()).tokenNonce(),
                "auth0|ada", new UserNames("Ada\u202e ecalevol", " \t "), now).orElseThrow();

        assertEquals(UserNames.NONE, membership.userNames());
        assertEquals(Optional.of(membership), store.memberships().find(org, membership.id()));
    }

    @Test
    void anAcceptNeedsTheNonceOfTheInvitesCurrentIssue() {
        Invite ada = invite("ada@example.com");
        Invite bob = invite("bob@example.com");
        String adaNonce = issued(ada.id()).tokenNonce();
        now = now.plus(INTERVAL);
        Invite renewed = store.invitations().resend(org, ada.id(), "admin", INTERVAL, now).orElseThrow().invite();
        IssuedInvite current = issued(renewed.id());

        for (String wrong : new String[] {adaNonce, issued(bob.id()).tokenNonce(), "", null,
                current.tokenNonce().substring(1)}) {
            assertEquals(Optional.empty(), store.memberships().accept(org, renewed.id(), wrong, "user-ada", now));
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
                () -> store.memberships().accept(org, second.id(), pending.tokenNonce(), "user-ada", now));

        assertEquals(pending, issued(second.id()), "the invite is still pending as it was");
        assertThrows(InviteAlreadyPendingException.class, () -> invite("ada.work@example.com"), "and guarded");
        assertEquals(List.of(membership), memberships(PageRequest.first(10)).memberships());
        assertEquals("user-other", accept(second, "user-other").userId(), "another user may accept it");
        Invite elsewhere = store.invitations().create(otherOrg, "ada@example.com", otherOrgsRole, "inviter", now);
        assertEquals("user-ada", store.memberships().accept(otherOrg, elsewhere.id(),
                store.invitations().issued(otherOrg, elsewhere.id(), now).orElseThrow().tokenNonce(), "user-ada", now)
                .orElseThrow().userId(), "membership is per org");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 13, 14})
    void membershipPagesBothWaysCoverEveryMembershipOnceInJoiningOrder(int limit) {
        List<String> all = joined(13);
        List<String> sorted = new ArrayList<>(all);
        Collections.sort(sorted);
        assertEquals(all, sorted, "ids sort in joining order");

        assertPagesWalkBothWays(all, limit, this::memberships);
    }

    /**
     * Pages of {@code limit} from the first, following {@code next} to the last and {@code prev} back, cover
     * {@code all} in order, once, and no link leads to an empty page; a page ending before the last id holds the last
     * {@code limit}.
     */
    private void assertPagesWalkBothWays(List<String> all, int limit, Function<PageRequest, MembershipPage> read) {
        List<String> forward = new ArrayList<>();
        MembershipPage page = read.apply(PageRequest.first(limit));
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
            page = read.apply(PageRequest.after(limit, Cursor.id(page.nextCursor())));
            assertNotNull(page.previousCursor(), "a page after another links back");
        }
        assertEquals(all, forward);

        List<String> backward = new ArrayList<>(membershipIds(last));
        page = last;
        while (page.previousCursor() != null) {
            page = read.apply(PageRequest.before(limit, Cursor.id(page.previousCursor())));
            assertFalse(page.memberships().isEmpty(), "a link never leads to an empty page");
            assertNotNull(page.nextCursor(), "a page before another links forward");
            backward.addAll(0, membershipIds(page));
        }
        assertEquals(all, backward);

        MembershipPage fromEnd = read.apply(PageRequest.before(limit, TimeOrderedIds.LAST));
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
                store.memberships().list(otherOrg, PageRequest.before(10, ids.get(0))), "nothing anywhere: no links");
    }

    @Test
    void membershipsDoNotExpireAndAreNoInvites() {
        List<String> ids = joined(2);
        now = now.plus(TTL).plus(TTL);

        assertEquals(ids, membershipIds(memberships(PageRequest.first(10))));
        assertEquals(List.of(), pendingIds());
    }

    // The email filter

    /**
     * Filters and whether each finds Ada, a member by an invitation to {@code Ada@Example.com}: her mailbox in any
     * ASCII case, with spaces around it or its domain in another IDNA form finds her; a lookalike (another local part,
     * a prefix of hers, a Unicode letter that looks like hers, a domain one letter short or in Cyrillic) finds no one.
     */
    static Stream<Arguments> emailFilters() {
        return Stream.of(
                Arguments.of("Ada@Example.com", true),
                Arguments.of("ada@example.com", true),
                Arguments.of("ADA@EXAMPLE.COM", true),
                Arguments.of(" aDa@exAMPle.Com ", true),
                Arguments.of("ada.@example.com", false), // a trailing dot in the local part: another mailbox
                Arguments.of("ad@example.com", false), // a prefix of her local part
                Arguments.of("ada@example.co", false), // a prefix of her domain
                Arguments.of("ada@example.com.au", false),
                Arguments.of("\uFF41da@example.com", false), // fullwidth a
                Arguments.of("\u0430da@example.com", false), // Cyrillic a
                Arguments.of("ada@ex\u0430mple.com", false), // Cyrillic a in the domain: another IDNA domain
                Arguments.of("grace@example.com", false));
    }

    @ParameterizedTest(name = "email={0}: found {1}")
    @MethodSource("emailFilters")
    void theEmailFilterFindsTheMembershipsOfOneMailboxWhateverTheCase(String email, boolean found) {
        Membership ada = accept(invite("Ada@Example.com"), "auth0|ada");
        accept(invite("ada.lovelace@example.com"), "auth0|lovelace");
        accept(invite("ad@example.org"), "auth0|ad");
        store.memberships().add(org, "auth0|grace", role, "admin", now);
        Invite elsewhere = store.invitations().create(otherOrg, "ada@example.com", otherOrgsRole, "inviter", now);
        store.memberships().accept(otherOrg, elsewhere.id(),
                store.invitations().issued(otherOrg, elsewhere.id(), now).orElseThrow().tokenNonce(), "auth0|ada", now);

        MembershipPage page = store.memberships().listByEmail(org, email, PageRequest.first(10));

        assertEquals(found ? List.of(ada) : List.of(), page.memberships());
        assertNull(page.previousCursor());
        assertNull(page.nextCursor());
    }

    @Test
    void theEmailFilterComparesADomainInItsIdnaAsciiFormAndFindsKelvinOnlyByHisOwnK() {
        Membership grace = accept(invite("Grace@B\u00FCcher.example"), "auth0|grace");
        Membership kelvin = accept(invite("kelvin@example.com"), "auth0|kelvin");

        assertEquals(List.of(grace), store.memberships().listByEmail(org, "grace@xn--bcher-kva.example",
                PageRequest.first(10)).memberships());
        assertEquals(List.of(grace), store.memberships().listByEmail(org, "GRACE@B\u00DCCHER.EXAMPLE",
                PageRequest.first(10)).memberships());
        assertEquals(List.of(kelvin), store.memberships().listByEmail(org, "KELVIN@example.com",
                PageRequest.first(10)).memberships());
        assertEquals(List.of(), store.memberships().listByEmail(org, "\u212Aelvin@example.com",
                PageRequest.first(10)).memberships(), "KELVIN SIGN is no K");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ada", "@example.com", "ada@example.com.", "ada@example", "ada@exa mple.com",
        "ada\u200B@example.com", "ada@fa\u00DF.de"})
    void anEmailThatNamesNoMailboxIsRefused(String email) {
        accept(invite("ada@example.com"), "auth0|ada");

        assertThrows(IllegalArgumentException.class,
                () -> store.memberships().listByEmail(org, email, PageRequest.first(10)));
    }

    /**
     * Members who share an address (each invited to it after the one before accepted, each another user) page as the
     * org's members do, in joining order, with the org's other members between them left out.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 13, 14})
    void membersSharingAnAddressPageBothWaysInJoiningOrder(int limit) {
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            accept(invite("other" + i + "@example.com"), "auth0|other-" + i);
            now = now.plusMillis(3);
            shared.add(accept(invite(i % 2 == 0 ? "team@example.com" : "Team@EXAMPLE.com"), "auth0|team-" + i).id());
            now = now.plusMillis(3);
        }

        assertPagesWalkBothWays(shared, limit,
                request -> store.memberships().listByEmail(org, "TEAM@example.com", request));
        assertEquals(new MembershipPage(List.of(), null, null),
                store.memberships().listByEmail(otherOrg, "team@example.com", PageRequest.first(10)));
    }

    @Test
    void aRemovedMembershipIsNotFoundByEmailAndARejoinedUserIsFoundByTheirNewOne() {
        Membership ada = accept(invite("ada@example.com"), "auth0|ada");
        Membership team = accept(invite("ada@example.com"), "auth0|ada-at-work");

        assertTrue(store.memberships().remove(org, ada.id(), "owner", now));
        assertEquals(List.of(team), store.memberships().listByEmail(org, "ada@example.com", PageRequest.first(10))
                .memberships(), "the removed one is gone, the other member with her address stays");
        MembershipPage afterRemoval = store.memberships().listByEmail(org, "ada@example.com",
                PageRequest.after(10, ada.id()));
        assertEquals(List.of(team), afterRemoval.memberships(), "a cursor naming a removed membership is a position");

        now = now.plusSeconds(1);
        Membership again = accept(invite("ADA@example.com"), "auth0|ada");
        assertEquals(List.of(team, again), store.memberships().listByEmail(org, "ada@example.com",
                PageRequest.first(10)).memberships());
        assertTrue(store.memberships().remove(org, team.id(), "owner", now));
        assertTrue(store.memberships().remove(org, again.id(), "owner", now));
        assertEquals(new MembershipPage(List.of(), null, null),
                store.memberships().listByEmail(org, "ada@example.com", PageRequest.first(10)));
        Membership added = store.memberships().add(org, "auth0|ada", role, "owner", now);
        assertEquals(List.of(), store.memberships().listByEmail(org, "ada@example.com", PageRequest.first(10))
                .memberships(), "an add has no address");
        assertEquals(Optional.of(added), store.memberships().ofUser(org, "auth0|ada"));
    }

    @Test
    void aRoleChangeShowsInTheEmailFilter() {
        String admin = UUID.randomUUID().toString();
        store.directory().putRole(org, admin, "Org Admin");
        Membership ada = accept(invite("ada@example.com"), "auth0|ada");

        assertTrue(store.memberships().changeRole(org, ada.id(), admin, "owner", now));

        assertEquals(List.of("Org Admin"), store.memberships().listByEmail(org, "ada@example.com",
                PageRequest.first(10)).memberships().stream().map(Membership::roleName).toList());
    }

    /** Every accept writes its membership's index entry, so indexing an org afterwards has nothing to write. */
    @Test
    void indexingAnOrgWhoseMembersJoinedByAcceptWritesNothing() {
        Membership ada = accept(invite("ada@example.com"), "auth0|ada");
        store.memberships().add(org, "auth0|grace", role, "admin", now);

        assertEquals(0, store.memberships().indexEmails(org));
        assertEquals(0, store.memberships().indexEmails(otherOrg));
        assertEquals(List.of(ada), store.memberships().listByEmail(org, "ada@example.com", PageRequest.first(10))
                .memberships());
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
                racers.add(() -> store.memberships().accept(org, invite.id(), nonce, user, at).isPresent()
                        ? Outcome.ACCEPTED : Outcome.LOST);
                racers.add(() -> store.invitations().cancel(org, invite.id(), "admin", at) ? Outcome.CANCELLED : Outcome.LOST);
                racers.add(() -> store.invitations().resend(org, invite.id(), "admin", INTERVAL, at).isPresent()
                        ? Outcome.RESENT : Outcome.LOST);
            }
            Collections.rotate(racers, round);

            List<Outcome> outcomes = Race.run(racers);

            List<Outcome> won = outcomes.stream().filter(outcome -> outcome != Outcome.LOST).toList();
            assertEquals(1, won.size(), "exactly one wins: " + outcomes);
            winners.add(won.get(0));
            now = at;
            List<Invite> pending = store.invitations().list(org, PageRequest.first(100), now).invites().stream()
                    .filter(candidate -> candidate.email().equals(email)).toList();
            assertEquals(won.get(0) == Outcome.RESENT ? 1 : 0, pending.size(), "at most one pending per address");
            long members = memberships(PageRequest.first(100)).memberships().stream()
                    .filter(membership -> membership.inviteId().equals(invite.id())).count();
            assertEquals(won.get(0) == Outcome.ACCEPTED ? 1 : 0, members, "a membership iff an accept won");
            assertGuardedExactlyWhilePending(email, !pending.isEmpty());
        }
        assertFalse(winners.isEmpty());
    }

    @Test
    void ofConcurrentAcceptsOfOneTokenExactlyOneWinsAndOfOneUsersAcceptsOneJoins() throws Exception {
        Invite ada = invite("ada@example.com");
        String nonce = issued(ada.id()).tokenNonce();
        List<Callable<Boolean>> accepts = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            String user = "user-" + i;
            accepts.add(() -> store.memberships().accept(org, ada.id(), nonce, user, now).isPresent());
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
                    return store.memberships().accept(org, invite.id(), inviteNonce, "one-user", now).isPresent();
                } catch (AlreadyMemberException e) {
                    return false;
                }
            });
        }
        assertEquals(1, Race.run(sameUser).stream().filter(won -> won).count());
        assertEquals(2, memberships(PageRequest.first(100)).memberships().size());
        assertEquals(RACERS - 1, pendingIds().size(), "the other invites are still pending");
    }

    @Test
    void anAddMakesAMembershipWithoutAnInvitation() {
        now = now.plusSeconds(30);
        Membership added = store.memberships().add(org, "auth0|grace", role, "admin", now);

        assertEquals(7, UUID.fromString(added.id()).version());
        assertEquals(new Membership(added.id(), org, "auth0|grace", null, role, "Developer", now, "admin", null),
                added, "no address and no invitation; the adder is who brought them in");
        assertEquals(List.of(added), memberships(PageRequest.first(10)).memberships());
        assertEquals(Optional.of(added), store.memberships().find(org, added.id()));
        assertEquals(Optional.of(added), store.memberships().ofUser(org, "auth0|grace"));
        assertEquals(Optional.empty(), store.memberships().find(otherOrg, added.id()), "another org's");
        assertEquals(Optional.empty(), store.memberships().ofUser(otherOrg, "auth0|grace"));
        assertEquals(Optional.empty(), store.memberships().ofUser(org, "auth0|GRACE"), "user ids are exact");
    }

    @Test
    void anAddNeedsTheOrgsOwnRoleAndAUserWhoIsNoMemberAndOtherwiseWritesNothing() {
        assertThrows(UnknownRoleException.class,
                () -> store.memberships().add(org, "auth0|grace", UUID.randomUUID().toString(), "admin", now));
        assertThrows(UnknownRoleException.class,
                () -> store.memberships().add(org, "auth0|grace", otherOrgsRole, "admin", now), "another org's role");
        assertEquals(List.of(), memberships(PageRequest.first(10)).memberships());
        assertEquals(Optional.empty(), store.memberships().ofUser(org, "auth0|grace"));

        Membership first = store.memberships().add(org, "auth0|grace", role, "admin", now);
        assertThrows(AlreadyMemberException.class,
                () -> store.memberships().add(org, "auth0|grace", role, "admin", now));
        Membership accepted = accept(invite("ada@example.com"), "auth0|ada");
        assertThrows(AlreadyMemberException.class,
                () -> store.memberships().add(org, "auth0|ada", role, "admin", now), "a member by an accept");
        assertEquals(List.of(first, accepted), memberships(PageRequest.first(10)).memberships());
        store.memberships().add(otherOrg, "auth0|grace", otherOrgsRole, "admin", now);
    }

    @Test
    void anAddLeavesTheUsersPendingInvitationWhichTheirAcceptThenCannotUse() {
        Invite ada = invite("ada@example.com");
        String nonce = issued(ada.id()).tokenNonce();
        store.memberships().add(org, "auth0|ada", role, "admin", now);

        assertEquals(List.of(ada.id()), pendingIds(), "the invitation is not affected");
        assertThrows(AlreadyMemberException.class,
                () -> store.memberships().accept(org, ada.id(), nonce, "auth0|ada", now));
        assertEquals(List.of(ada.id()), pendingIds(), "and stays pending");
    }

    @Test
    void aRoleChangeShowsInEveryReadAndFindsOnlyTheOrgsOwnMemberships() {
        String admin = UUID.randomUUID().toString();
        store.directory().putRole(org, admin, "Org Admin");
        Membership ada = accept(invite("ada@example.com"), "auth0|ada");

        assertTrue(store.memberships().changeRole(org, ada.id(), admin, "owner", now.plusSeconds(1)));
        Membership changed = new Membership(ada.id(), org, "auth0|ada", "ada@example.com", admin, "Org Admin",
                ada.joinedAt(), "inviter", ada.inviteId());
        assertEquals(Optional.of(changed), store.memberships().find(org, ada.id()));
        assertEquals(Optional.of(changed), store.memberships().ofUser(org, "auth0|ada"));
        assertEquals(List.of(changed), memberships(PageRequest.first(10)).memberships());

        assertThrows(UnknownRoleException.class,
                () -> store.memberships().changeRole(org, ada.id(), otherOrgsRole, "owner", now));
        assertEquals(Optional.of(changed), store.memberships().find(org, ada.id()), "an unknown role changes nothing");
        assertFalse(store.memberships().changeRole(otherOrg, ada.id(), otherOrgsRole, "owner", now), "another org's");
        assertFalse(store.memberships().changeRole(org, TimeOrderedIds.next(now).toString(), role, "owner", now));
        assertTrue(store.memberships().remove(org, ada.id(), "owner", now));
        assertFalse(store.memberships().changeRole(org, ada.id(), role, "owner", now), "a removed membership");
        assertEquals(List.of(), memberships(PageRequest.first(10)).memberships(), "and no half membership is left");
    }

    @Test
    void aRemovalEndsTheMembershipOnceAndTheUserMayJoinAgain() {
        Membership ada = accept(invite("ada@example.com"), "auth0|ada");
        Invite another = invite("ada.work@example.com");
        String anotherNonce = issued(another.id()).tokenNonce();
        assertThrows(AlreadyMemberException.class,
                () -> store.memberships().accept(org, another.id(), anotherNonce, "auth0|ada", now));

        assertFalse(store.memberships().remove(otherOrg, ada.id(), "owner", now), "another org's");
        assertTrue(store.memberships().remove(org, ada.id(), "owner", now));
        assertFalse(store.memberships().remove(org, ada.id(), "owner", now), "once");
        assertEquals(Optional.empty(), store.memberships().find(org, ada.id()));
        assertEquals(Optional.empty(), store.memberships().ofUser(org, "auth0|ada"));
        assertEquals(List.of(), memberships(PageRequest.first(10)).memberships());

        now = now.plusSeconds(1);
        Membership again = store.memberships().accept(org, another.id(), anotherNonce, "auth0|ada", now)
                .orElseThrow(() -> new AssertionError("her token for another pending invitation accepts"));
        assertNotEquals(ada.id(), again.id());
        assertTrue(store.memberships().remove(org, again.id(), "owner", now));
        Membership added = store.memberships().add(org, "auth0|ada", role, "owner", now);
        assertEquals(Optional.of(added), store.memberships().ofUser(org, "auth0|ada"));
        Invite invitedAgain = invite("ada@example.com");
        assertEquals(List.of(invitedAgain.id()), pendingIds(), "her address can be invited again");
    }

    /**
     * Accepts, adds, role changes and removals racing on one user: after each round the user has at most one
     * membership; their record names it exactly while they have one (a read by user finds it, and an add is refused);
     * with none, an add succeeds, so no record outlived its membership; no role change left a half membership.
     */
    @Test
    void ofAcceptsAddsRoleChangesAndRemovalsRacingOnOneUserTheInvariantsHold() throws Exception {
        String admin = UUID.randomUUID().toString();
        store.directory().putRole(org, admin, "Org Admin");
        String user = "auth0|contended";
        for (int round = 0; round < 6; round++) {
            now = now.plusSeconds(1);
            Optional<Membership> before = store.memberships().ofUser(org, user);
            Membership current = before.orElseGet(() -> store.memberships().add(org, user, role, "admin", now));
            Invite invite = invite("contended" + round + "@example.com");
            String nonce = issued(invite.id()).tokenNonce();
            List<Callable<String>> racers = new ArrayList<>();
            racers.add(() -> outcome(() -> store.memberships().accept(org, invite.id(), nonce, user, now)
                    .map(m -> "accepted").orElse("gone")));
            racers.add(() -> outcome(() -> store.memberships().add(org, user, admin, "admin", now).id()));
            racers.add(() -> outcome(() -> store.memberships().changeRole(org, current.id(), admin, "admin", now)
                    ? "changed" : "missing"));
            racers.add(() -> outcome(() -> store.memberships().remove(org, current.id(), "admin", now)
                    ? "removed" : "missing"));
            racers.add(() -> outcome(() -> store.memberships().remove(org, current.id(), "admin", now)
                    ? "removed" : "missing"));
            List<String> outcomes = Race.run(racers);
            assertEquals(1, Collections.frequency(outcomes.subList(3, 5), "removed"), "one removal of " + outcomes);

            List<Membership> users = memberships(PageRequest.first(100)).memberships().stream()
                    .filter(m -> m.userId().equals(user)).toList();
            assertTrue(users.size() <= 1, "at most one membership per user and org: " + users);
            Optional<Membership> byUser = store.memberships().ofUser(org, user);
            assertEquals(users.stream().findFirst(), byUser, "the user's record names their membership, if any");
            for (Membership m : users) {
                assertNotNull(m.roleName(), "no half membership: " + m);
                assertNotNull(m.joinedAt(), "no half membership: " + m);
            }
            if (users.isEmpty()) {
                Membership fresh = store.memberships().add(org, user, role, "admin", now);
                assertTrue(store.memberships().remove(org, fresh.id(), "admin", now), "no record outlived it");
            } else {
                assertThrows(AlreadyMemberException.class,
                        () -> store.memberships().add(org, user, role, "admin", now));
            }
        }
    }

    /** A racer's result, or the name of the refusal it met. */
    private static String outcome(Callable<String> call) throws Exception {
        try {
            return call.call();
        } catch (AlreadyMemberException e) {
            return "already-member";
        }
    }
}
