package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.store.Store;
import dev.orginvites.testkit.DirectoryConformance;
import dev.orginvites.testkit.EmulatorTables;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.IdempotencyKeysConformance;
import dev.orginvites.testkit.InvitationsConformance;
import dev.orginvites.testkit.MembershipsConformance;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Nested;

/** The port conformance suites on the emulator, each test on a fresh table created as template.yaml defines it. */
@EmulatorTest
class DynamoTableConformanceTest {
    private String table;

    /** The adapters on this test's table under a TTL: every one a test asks for shares the table. */
    Store store(Duration inviteTtl) {
        if (table == null) {
            table = EmulatorTables.create(EnumSet.of(SamTemplate.TableFeature.TTL));
        }
        return new DynamoTable(Fixture.client(), table, inviteTtl);
    }

    @Nested
    class Invitations extends InvitationsConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return DynamoTableConformanceTest.this.store(inviteTtl);
        }
    }

    @Nested
    class Memberships extends MembershipsConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return DynamoTableConformanceTest.this.store(inviteTtl);
        }
    }

    @Nested
    class IdempotencyKeys extends IdempotencyKeysConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return DynamoTableConformanceTest.this.store(inviteTtl);
        }
    }

    @Nested
    class Directory extends DirectoryConformance {
        @Override
        protected Store store(Duration inviteTtl) {
            return DynamoTableConformanceTest.this.store(inviteTtl);
        }
    }
}
