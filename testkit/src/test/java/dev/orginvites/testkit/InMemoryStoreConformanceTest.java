package dev.orginvites.testkit;

import dev.orginvites.shared.store.Store;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The port conformance suites on the in-memory twin. */
class InMemoryStoreConformanceTest {
    private InMemoryStore first;

    /** The twin under a TTL; every one a test asks for shares the first one's data, as functions share a table. */
    Store store(Duration inviteTtl) {
        if (first == null) {
            first = new InMemoryStore(inviteTtl);
            return first;
        }
        return first.withInviteTtl(inviteTtl);
    }

    @Nested
    class Invitations extends InvitationsConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return InMemoryStoreConformanceTest.this.store(inviteTtl);
        }
    }

    @Nested
    class Memberships extends MembershipsConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return InMemoryStoreConformanceTest.this.store(inviteTtl);
        }
    }

    @Nested
    class IdempotencyKeys extends IdempotencyKeysConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return InMemoryStoreConformanceTest.this.store(inviteTtl);
        }
    }

    @Nested
    class Directory extends DirectoryConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return InMemoryStoreConformanceTest.this.store(inviteTtl);
        }
    }
}
