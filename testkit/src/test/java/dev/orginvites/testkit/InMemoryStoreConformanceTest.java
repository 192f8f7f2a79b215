package dev.orginvites.testkit;

import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.Store;
import java.time.Duration;

/** The port conformance suites on the in-memory twin. */
class InMemoryStoreConformanceTest extends PortConformance {
    private InMemoryStore first;

    @Override
    protected Store store(Duration inviteTtl) {
        if (first == null) {
            first = new InMemoryStore(inviteTtl);
            return first;
        }
        return first.withInviteTtl(inviteTtl);
    }

    @Override
    protected Store store(Duration inviteTtl, InviteQuota quota) {
        return ((InMemoryStore) store(inviteTtl)).withInviteQuota(quota);
    }
}
