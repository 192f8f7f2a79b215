package dev.orginvites.shared.testing;

import dev.orginvites.shared.store.InviteStore;
import java.time.Duration;

class InMemoryInviteStoreConformanceTest extends InviteStoreConformance {
    private InMemoryInviteStore first;

    @Override
    protected InviteStore store(Duration inviteTtl) {
        if (first == null) {
            first = new InMemoryInviteStore(inviteTtl);
            return first;
        }
        return first.withInviteTtl(inviteTtl);
    }
}
