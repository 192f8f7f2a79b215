package dev.orginvites.shared.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.orginvites.devkit.DynamoCalls;
import dev.orginvites.devkit.EmulatorClients;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** What a page costs in DynamoDB calls and items read, counted on the store's own client. */
@EmulatorTest
class DynamoInvitationsPageCostTest {
    private static final int EXPIRED = 3000;
    private static final int LIMIT = 10;

    private final Fixture fixture = new Fixture();
    private final DynamoCalls calls = new DynamoCalls();
    private final DynamoTable store = new DynamoTable(
            EmulatorClients.create(Fixture.endpoint(), calls), fixture.table, Fixture.TTL);

    /**
     * Writes invitations made over the day before the last TTL began, all expired now, as the store wrote them and
     * as DynamoDB's TTL sweeper may leave them for days. Their email guards, outside the invitations' key range,
     * play no part in a page and are left out.
     */
    private void writeExpired(int count) {
        Instant now = fixture.clock.instant();
        Instant start = now.minus(Fixture.TTL).minus(Duration.ofDays(1));
        TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
        String pk = Keys.org(fixture.org);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant created = start.plusSeconds(i * 20L);
            String id = ids.construct(created.toEpochMilli()).toString();
            String email = "expired" + i + "@example.com";
            long expiresAt = created.plus(Fixture.TTL).getEpochSecond();
            batch.add(put(Items.invite().itemToMap(PendingInvites.invite(pk, id, email, email, fixture.developer,
                    "Developer", "inviter", null, created, expiresAt), true)));
            if (batch.size() == 25 || i == count - 1) {
                Map<String, List<WriteRequest>> request = Map.of(fixture.table, batch);
                assertTrue(Fixture.client().batchWriteItem(r -> r.requestItems(request)).unprocessedItems().isEmpty());
                batch = new ArrayList<>();
            }
        }
    }

    private static WriteRequest put(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private InvitePage page(PageRequest request) {
        calls.reset();
        InvitePage page = store.invitations().list(fixture.org, request, fixture.clock.instant());
        assertTrue(calls.queries() <= 3, calls.queries() + " Query calls for one page");
        assertTrue(calls.itemsRead() <= LIMIT + 3, calls.itemsRead() + " items read for one page of " + LIMIT);
        return page;
    }

    private static List<String> ids(InvitePage page) {
        return page.invites().stream().map(Invite::id).toList();
    }

    @Test
    void aPageOverThousandsOfExpiredInvitationsCostsWhatAPageOverNoneDoes() {
        // The live invitations first: moto copies the whole table at the start of each transaction, so a create
        // after thousands of items costs seconds; the order of writing changes nothing the page reads.
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            live.add(store.invitations().create(fixture.org, "live" + i + "@example.com", fixture.developer, "inviter",
                    fixture.clock.instant()).id());
        }
        writeExpired(EXPIRED);

        InvitePage first = page(PageRequest.first(LIMIT));
        assertEquals(live.subList(0, 10), ids(first));
        assertNull(first.previousCursor());

        InvitePage last = page(PageRequest.after(LIMIT, Cursor.id(first.nextCursor())));
        assertEquals(live.subList(10, 12), ids(last));
        assertNull(last.nextCursor());

        InvitePage firstAgain = page(PageRequest.before(LIMIT, Cursor.id(last.previousCursor())));
        assertEquals(live.subList(0, 10), ids(firstAgain));
        assertNull(firstAgain.previousCursor(), "nothing pending precedes the first invitation");
    }

    @Test
    void theFloorIdSortsBetweenTheIdsOfTheMillisecondsAroundIt() {
        TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
        long millis = Instant.parse("2026-11-30T12:00:00.123Z").toEpochMilli();

        String floor = TimeOrderedIds.firstAt(millis);

        assertTrue(ids.construct(millis - 1).toString().compareTo(floor) < 0);
        for (int i = 0; i < 100; i++) {
            assertTrue(ids.construct(millis).toString().compareTo(floor) >= 0);
        }
        assertTrue(ids.construct(millis + 1).toString().compareTo(TimeOrderedIds.firstAt(millis + 1)) >= 0);
        assertEquals(ids.construct(millis).toString().substring(0, 13), floor.substring(0, 13));
    }
}
