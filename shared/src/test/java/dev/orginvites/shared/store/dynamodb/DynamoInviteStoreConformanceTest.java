package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.testing.EmulatorTables;
import dev.orginvites.shared.testing.EmulatorTest;
import dev.orginvites.shared.testing.Fixture;
import dev.orginvites.shared.testing.InviteStoreConformance;
import java.time.Duration;
import java.util.EnumSet;

/** The conformance suite on the emulator, each test on a fresh table created as template.yaml defines it. */
@EmulatorTest
class DynamoInviteStoreConformanceTest extends InviteStoreConformance {
    private String table;

    @Override
    protected InviteStore store(Duration inviteTtl) {
        if (table == null) {
            table = EmulatorTables.create(EnumSet.of(SamTemplate.TableFeature.TTL));
        }
        return new DynamoInviteStore(Fixture.client(), table, inviteTtl);
    }
}
