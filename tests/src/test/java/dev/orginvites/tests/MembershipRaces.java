package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.Invitees;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Accepts, adds, role changes and removals racing on one user and org through the handlers, round after round, each
 * round starting from a membership of the user: whatever the interleaving, each request answers one of its documented
 * statuses, the membership is removed once, at most one of the accept and the add makes the user a member again, and
 * afterwards the user has at most one membership, their record exactly when they have one, and no record is left
 * without its membership. Run on the twin in the quick tier and on the emulator in the full one; the emulator's
 * transactions are made serializable by the devkit's proxy (see {@code SerializingProxy}), as DynamoDB's are, so the
 * outcome is the store's conditions at work and not moto's luck.
 */
abstract class MembershipRaces {
    private static final String USER = "auth0|contended";
    static final int ROUNDS = 8;

    /** Fresh orgs on the store the races run on. */
    abstract Fixture fixture();

    /** Runs the racers at once; on the emulator, also that they overlapped in the handlers. */
    abstract List<Integer> race(List<Callable<Integer>> racers) throws Exception;

    /** What must hold of the store after each round, on the store it runs on, beyond what the ports show. */
    abstract void checkTable(Api api);

    @Test
    void ofAcceptsAddsRoleChangesAndRemovalsRacingOnOneUserTheInvariantsHold() throws Exception {
        Api api = new Api(fixture());
        for (int round = 0; round < ROUNDS; round++) {
            String current = api.fixture.memberships.ofUser(api.fixture.org, USER).orElseGet(() ->
                    api.fixture.memberships.add(api.fixture.org, USER, api.fixture.developer, "admin",
                            api.fixture.clock.instant())).id();
            String email = "contended" + round + "@example.com";
            String invite = api.fixture.invitations.create(api.fixture.org, email, api.fixture.developer, "admin",
                    api.fixture.clock.instant()).id();
            HttpApiEvents accept = Invitees.accept(USER, email, true, Invitees.token(api.fixture.store,
                    api.fixture.tokenKeys, api.fixture.org, invite, api.fixture.clock.instant()));
            List<HttpApiEvents> requests = new ArrayList<>(List.of(accept,
                    api.addMember(USER, api.fixture.admin),
                    api.changeRole(current, api.fixture.admin),
                    api.removeMember(current),
                    api.removeMember(current),
                    api.changeRole(current, api.fixture.developer)));
            // Each round starts them in another order, so that no racer always has a head start.
            Collections.rotate(requests, round);
            List<Callable<Integer>> racers = new ArrayList<>();
            for (HttpApiEvents request : requests) {
                racers.add(() -> api.send(request).getStatusCode());
            }

            List<Integer> statuses = race(racers);

            List<Integer> byRoute = new ArrayList<>(statuses);
            Collections.rotate(byRoute, -round);
            String outcome = "round " + round + ": " + byRoute;
            assertTrue(Set.of(201, 409).contains(byRoute.get(0)), "accept: " + outcome);
            assertTrue(Set.of(201, 409).contains(byRoute.get(1)), "add: " + outcome);
            assertTrue(Set.of(204, 404).contains(byRoute.get(2)), "role change: " + outcome);
            assertTrue(Set.of(204, 404).contains(byRoute.get(5)), "role change: " + outcome);
            assertEquals(List.of(204, 404), byRoute.subList(3, 5).stream().sorted().toList(),
                    "one removal of the membership: " + outcome);
            long joined = byRoute.subList(0, 2).stream().filter(status -> status == 201).count();
            List<Membership> users = api.fixture.memberships.list(api.fixture.org, PageRequest.first(100))
                    .memberships().stream().filter(m -> m.userId().equals(USER)).toList();
            assertEquals(joined, users.size(), "a membership exactly when the accept or the add made one: " + outcome);
            assertEquals(joined == 1 && byRoute.get(0) == 201 ? 0 : 1, api.fixture.invitations.find(api.fixture.org,
                    invite, api.fixture.clock.instant()).stream().count(), "the invitation is pending unless accepted: "
                    + outcome);
            checkOneUserRecordPerMembership(api);
            checkTable(api);
        }
    }

    /**
     * Through the ports, on either store: each user of the fixture's org has at most one membership, and the user's
     * record names it; and the org's user records ({@code USER#}) are exactly its members', so none outlived its
     * membership.
     */
    static void checkOneUserRecordPerMembership(Api api) {
        List<Membership> memberships = api.fixture.memberships.list(api.fixture.org, PageRequest.first(100))
                .memberships();
        Set<String> users = new TreeSet<>();
        for (Membership membership : memberships) {
            assertTrue(users.add(membership.userId()), "two memberships of " + membership.userId());
            assertEquals(Optional.of(membership), api.fixture.memberships.ofUser(api.fixture.org, membership.userId()),
                    "the user's record names their membership");
        }
        Set<String> records = api.sortKeys().stream().filter(sk -> sk.startsWith("USER#"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> members = users.stream().map(user -> "USER#" + user)
                .collect(Collectors.toCollection(TreeSet::new));
        // sortKeys holds both of the fixture's orgs; the other org has no members here.
        assertEquals(members, records, "a user record exactly for each member");
    }
}
