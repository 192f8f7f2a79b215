package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.shared.store.UserNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What the port conformance suites share: a store's ports under a TTL, two orgs with roles, a clock the test moves,
 * and the helpers that make invites, issues and memberships. Each suite ({@link InvitationsConformance},
 * {@link MembershipsConformance}, {@link IdempotencyKeysConformance}, {@link DirectoryConformance}) holds one port's
 * rules; every backend runs them all, by saying how to make its store. Time is passed in, so expiry is tested by
 * moving {@code now}, never by sleeping.
 */
public abstract class StoreConformance {
    static final Duration TTL = Duration.ofDays(7);
    static final int RACERS = 8;
    static final Duration INTERVAL = Duration.ofMinutes(5);

    /**
     * A store under an invite TTL. Every store one test asks for holds the same data, as functions redeployed with
     * another TTL share a table.
     */
    protected abstract Store store(Duration inviteTtl);

    Store store;
    final String org = UUID.randomUUID().toString();
    final String otherOrg = UUID.randomUUID().toString();
    final String role = UUID.randomUUID().toString();
    final String otherOrgsRole = UUID.randomUUID().toString();
    Instant now = Instant.parse("2026-11-30T12:00:00.250Z");

    @BeforeEach
    void createStoreAndRoles() {
        store = store(TTL);
        store.directory().putRole(org, role, "Developer");
        store.directory().putRole(otherOrg, otherOrgsRole, "Collaborator");
    }

    Invite invite(String email) {
        return store.invitations().create(org, email, role, "inviter", now);
    }

    List<String> created(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(invite("person" + i + "@example.com").id());
            now = now.plusMillis(7);
        }
        return ids;
    }

    InvitePage page(Store on, PageRequest request) {
        return on.invitations().list(org, request, now);
    }

    List<String> pendingIds() {
        return ids(page(store, PageRequest.first(1000)));
    }

    static List<String> ids(InvitePage page) {
        return page.invites().stream().map(Invite::id).toList();
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

    // Idempotency keys

    static IdempotencyKey key(String caller, String key, String request) {
        return IdempotencyKey.of(caller, key, request);
    }

    Invite createHolding(IdempotencyKey key, String email) {
        return store.invitations().create(org, email, role, "inviter", UserNames.NONE, now, key,
                invite -> new IdempotencyRecord(key.fingerprint(), 201, "/invites/" + invite.id(),
                        "{\"id\":\"" + invite.id() + "\"}"));
    }

    // Issues: tokens' nonces and delivery

    IssuedInvite issued(String inviteId) {
        return store.invitations().issued(org, inviteId, now).orElseThrow();
    }

    /** What an invite can have become, other than pending: none of them is issued, resent or accepted. */
    enum NotPending {
        UNKNOWN, NEVER_ISSUED, ANOTHER_ORGS, CANCELLED, EXPIRED, RESENT, ACCEPTED;

        /** Puts the invite in this state; returns the org and id to ask for. */
        String[] make(StoreConformance test, Invite invite) {
            Store store = test.store;
            return switch (this) {
                case UNKNOWN -> new String[] {test.org, UUID.randomUUID().toString()};
                case NEVER_ISSUED -> new String[] {test.org, TimeOrderedIds.next(test.now).toString()};
                case ANOTHER_ORGS -> new String[] {test.otherOrg, invite.id()};
                case CANCELLED -> {
                    assertTrue(store.invitations().cancel(test.org, invite.id(), "admin", test.now));
                    yield new String[] {test.org, invite.id()};
                }
                case EXPIRED -> {
                    test.now = test.now.plus(TTL);
                    yield new String[] {test.org, invite.id()};
                }
                case RESENT -> {
                    test.now = test.now.plus(INTERVAL);
                    assertTrue(store.invitations().resend(test.org, invite.id(), "admin", INTERVAL, test.now).isPresent());
                    yield new String[] {test.org, invite.id()};
                }
                case ACCEPTED -> {
                    String nonce = test.issued(invite.id()).tokenNonce();
                    assertTrue(store.memberships().accept(test.org, invite.id(), nonce, "user-0", test.now).isPresent());
                    yield new String[] {test.org, invite.id()};
                }
            };
        }
    }

    // Accepts and memberships

    Membership accept(Invite invite, String user) {
        return store.memberships().accept(org, invite.id(), issued(invite.id()).tokenNonce(), user, now).orElseThrow();
    }

    MembershipPage memberships(PageRequest request) {
        return store.memberships().list(org, request);
    }

    List<String> membershipIds(MembershipPage page) {
        return page.memberships().stream().map(Membership::id).toList();
    }

    List<String> joined(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(accept(invite("member" + i + "@example.com"), "user-" + i).id());
            now = now.plusMillis(3);
        }
        return ids;
    }

    /** A create for the address is refused exactly when an invite for it is pending: its guard holds. */
    void assertGuardedExactlyWhilePending(String email, boolean pending) {
        if (pending) {
            assertThrows(InviteAlreadyPendingException.class, () -> invite(email), "a pending invite has its guard");
        } else {
            Invite fresh = invite(email);
            assertTrue(store.invitations().cancel(org, fresh.id(), "admin", now), "no guard outlives its invite");
        }
    }
}
