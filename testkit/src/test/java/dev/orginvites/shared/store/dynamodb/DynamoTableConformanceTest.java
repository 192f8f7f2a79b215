package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.Store;
import dev.orginvites.testkit.EmulatorTables;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.PortConformance;
import java.time.Duration;
import java.util.EnumSet;

/** The port conformance suites on the emulator, each test on a fresh table created as template.yaml defines it. */
@EmulatorTest
class DynamoTableConformanceTest extends PortConformance {
    private String table;

    @Override
    protected Store store(Duration inviteTtl) {
        return store(inviteTtl, null);
    }

    @Override
    protected Store store(Duration inviteTtl, InviteQuota quota) {
        if (table == null) {
            table = EmulatorTables.create(EnumSet.of(SamTemplate.TableFeature.TTL));
        }
        return new DynamoTable(Fixture.client(), table, inviteTtl, quota);
    }
}
