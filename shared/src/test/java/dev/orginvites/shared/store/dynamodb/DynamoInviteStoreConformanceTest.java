package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.testing.Fixture;
import dev.orginvites.shared.testing.InviteStoreConformance;
import java.time.Duration;
import java.util.UUID;

/** The conformance suite on the emulator, each test on a fresh table created as template.yaml defines it. */
class DynamoInviteStoreConformanceTest extends InviteStoreConformance {
    private String table;

    @Override
    protected InviteStore store(Duration inviteTtl) {
        if (table == null) {
            table = "invites-" + UUID.randomUUID();
            SamTemplate.locate().createTable(Fixture.client(), table);
        }
        return new DynamoInviteStore(Fixture.client(), table, inviteTtl);
    }
}
