package dev.orginvites.shared.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orginvites.devkit.DynamoCalls;
import dev.orginvites.devkit.EmulatorClients;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.InviteQuotaExceededException;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What counting a send costs, on the store's own client: a create or resend in an org whose quota is all but used,
 * with a long history, makes one GetItem more than without a quota and one transaction, never a Query or a Scan;
 * one refused by the quota writes nothing.
 */
@EmulatorTest
class InviteQuotaCostTest {
    private final Fixture fixture = new Fixture();
    private final DynamoCalls calls = new DynamoCalls();
    private final DynamoTable store = new DynamoTable(EmulatorClients.create(Fixture.endpoint(), calls),
            fixture.table, Fixture.TTL, new InviteQuota(InviteQuota.DEFAULT));

    @Test
    void aSendIsTwoReadsAndOneTransactionWhateverTheOrgSentBefore() {
        Instant now = fixture.clock.instant();
        // A day and more of sends before now, the last 48 of them in the window.
        List<AttributeValue> sent = new ArrayList<>();
        for (int i = 200; i >= 0; i--) {
            sent.add(AttributeValue.fromN(Long.toString(now.minus(Duration.ofMinutes(30L * i)).toEpochMilli())));
        }
        Fixture.client().putItem(r -> r.tableName(fixture.table).item(Map.of(
                "pk", AttributeValue.fromS(Keys.org(fixture.org)), "sk", AttributeValue.fromS(Keys.QUOTA),
                "sent_at", AttributeValue.fromL(sent), "version", AttributeValue.fromN("7"))));
        Invite ada = fixture.invitations.create(fixture.org, "ada@example.com", fixture.developer, "x",
                now.minus(Duration.ofMinutes(10)));

        calls.reset();
        store.invitations().create(fixture.org, "bob@example.com", fixture.developer, "x", now);
        assertEquals(Map.of("GetItem", 2, "TransactWriteItems", 1), calls.byOperation(), "the role and the quota");

        calls.reset();
        store.invitations().resend(fixture.org, ada.id(), "x", Duration.ofMinutes(5), now);
        assertEquals(Map.of("GetItem", 2, "TransactWriteItems", 1), calls.byOperation(),
                "the invitation and the quota");

        calls.reset();
        assertThrows(InviteQuotaExceededException.class, () -> store.invitations().create(fixture.org,
                "carol@example.com", fixture.developer, "x", now));
        assertEquals(Map.of("GetItem", 2), calls.byOperation(), "refused: nothing written");
        Map<String, AttributeValue> quota = Fixture.client().getItem(r -> r.tableName(fixture.table).key(
                Table.key(Keys.org(fixture.org), Keys.QUOTA))).item();
        assertEquals(InviteQuota.DEFAULT, quota.get("sent_at").l().size(), "what left the window is dropped");
    }
}
