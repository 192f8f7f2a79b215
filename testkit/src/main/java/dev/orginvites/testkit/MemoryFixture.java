package dev.orginvites.testkit;

import dev.orginvites.shared.store.PageRequest;
import java.time.Instant;
import java.util.UUID;

/**
 * What each handler slice test starts from: an org with one role on the in-memory store, and a clock the test
 * controls. The store keeps the DynamoDB store's rules (both pass the port conformance suites, {@link StoreConformance}).
 */
public final class MemoryFixture {
    public final String org = UUID.randomUUID().toString();
    public final String role = UUID.randomUUID().toString();
    public final InMemoryStore store = new InMemoryStore(Fixture.TTL);
    public final MutableClock clock = new MutableClock(Instant.now());
    /** The keys accept tokens are derived and checked with. */
    public final TestTokenKeys tokenKeys = new TestTokenKeys();

    public MemoryFixture() {
        store.directory().putRole(org, role, "Developer");
    }

    /** How many invitations the org has pending now. */
    public int pending() {
        return store.invitations().list(org, PageRequest.first(100), clock.instant()).invites().size();
    }
}
