package dev.orginvites.testkit;

import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.IdempotencyKeys;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.PageRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * What each handler slice test starts from: an org with one role on the in-memory store, and a clock the test
 * controls. The store keeps the DynamoDB adapters' rules (both pass the port conformance suites,
 * {@link StoreConformance}).
 */
public final class MemoryFixture {
    public final String org = UUID.randomUUID().toString();
    public final String role = UUID.randomUUID().toString();
    public final InMemoryStore store = new InMemoryStore(Fixture.TTL);
    /** The store's ports, as the handlers take them. */
    public final Invitations invitations = store.invitations();
    public final Memberships memberships = store.memberships();
    public final IdempotencyKeys idempotencyKeys = store.idempotencyKeys();
    public final Directory directory = store.directory();
    public final MutableClock clock = new MutableClock(Instant.now());
    /** The keys accept tokens are derived and checked with. */
    public final TestTokenKeys tokenKeys = new TestTokenKeys();

    public MemoryFixture() {
        directory.putRole(org, role, "Developer");
    }

    /** How many invitations the org has pending now. */
    public int pending() {
        return invitations.list(org, PageRequest.first(100), clock.instant()).invites().size();
    }
}
