package dev.orginvites.shared.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.devkit.DynamoCalls;
import dev.orginvites.devkit.EmulatorClients;
import dev.orginvites.shared.store.Role;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What the directory's reads cost, counted on the store's own client: an org's roles are one Query that reads its
 * roles and nothing else of its partition, however many invitations it holds; a removal reads none of them.
 */
@EmulatorTest
class DynamoDirectoryCostTest {
    private static final int INVITATIONS = 500;

    private final Fixture fixture = new Fixture();
    private final DynamoCalls calls = new DynamoCalls();
    private final DynamoTable store = new DynamoTable(
            EmulatorClients.create(Fixture.endpoint(), calls), fixture.table, Fixture.TTL);

    /** Pending invitations and their guards, as the store writes them, in the org's partition. */
    private void writeInvitations(int count) {
        Instant now = fixture.clock.instant();
        String pk = Keys.org(fixture.org);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = TimeOrderedIds.next(now.plusMillis(i)).toString();
            String email = "person" + i + "@example.com";
            long expiresAt = now.plus(Fixture.TTL).getEpochSecond();
            batch.add(put(Items.invite().itemToMap(PendingInvites.invite(pk, id, email, email, fixture.developer,
                    "Developer", "inviter", null, now, expiresAt), true)));
            if (batch.size() == 25 || i == count - 1) {
                Map<String, List<WriteRequest>> request = Map.of(fixture.table, batch);
                assertTrue(Fixture.client().batchWriteItem(r -> r.requestItems(request)).unprocessedItems().isEmpty());
                batch = new ArrayList<>();
            }
        }
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    @Test
    void anOrgsRolesAreOneQueryReadingOnlyItsRoles() {
        writeInvitations(INVITATIONS);
        store.directory().nameOrg(fixture.org, "Acme");

        calls.reset();
        List<Role> roles = store.directory().roles(fixture.org);

        assertEquals(2, roles.size(), roles.toString());
        assertEquals(1, calls.queries());
        assertEquals(2, calls.itemsRead(), "the org's two roles, none of its " + INVITATIONS + " invitations");

        calls.reset();
        assertEquals("Acme", store.directory().org(fixture.org).orElseThrow().name());
        assertEquals(Map.of("GetItem", 2, "Query", 1), calls.byOperation(), "its name, its quota and its roles");
        assertEquals(2, calls.itemsRead());

        calls.reset();
        assertTrue(store.directory().removeRole(fixture.org, fixture.admin));
        assertEquals(Map.of("DeleteItem", 1), calls.byOperation(), "a removal reads no invitation");
    }

    @Test
    void aRoleWrittenByHandWithoutItsIdOrNameIsListedByItsKey() {
        String role = UUID.randomUUID().toString();
        Fixture.client().putItem(r -> r.tableName(fixture.table).item(Map.of(
                "pk", AttributeValue.fromS(Keys.org(fixture.otherOrg)), "sk", AttributeValue.fromS(Keys.role(role)),
                "item_type", AttributeValue.fromS("role"))));

        assertTrue(store.directory().roles(fixture.otherOrg).contains(new Role(role, role)),
                store.directory().roles(fixture.otherOrg).toString());
    }
}
