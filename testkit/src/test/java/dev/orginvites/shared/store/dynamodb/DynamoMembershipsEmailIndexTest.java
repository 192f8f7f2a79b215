package dev.orginvites.shared.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.devkit.DynamoCalls;
import dev.orginvites.devkit.EmulatorClients;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.Invitees;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The address index on the table: what an email-filtered page costs, counted on the store's own client, and the
 * operator's fill of the entries memberships made before the index lack.
 */
@EmulatorTest
class DynamoMembershipsEmailIndexTest {
    private static final int OTHERS = 1000;
    private static final int LIMIT = 10;

    private final Fixture fixture = new Fixture();
    private final DynamoCalls calls = new DynamoCalls();
    private final DynamoTable store = new DynamoTable(
            EmulatorClients.create(Fixture.endpoint(), calls), fixture.table, Fixture.TTL);

    private Membership member(String email, String user) {
        Membership member = Invitees.member(fixture.store, fixture.org, fixture.developer, email, user,
                fixture.clock.instant());
        fixture.clock.advance(Duration.ofMillis(5));
        return member;
    }

    /**
     * Writes memberships (with their user records and index entries) as an accept writes them, by BatchWriteItem:
     * moto copies the whole table at the start of each transaction, so thousands of accepts would take minutes.
     */
    private void writeMembers(int count) {
        String pk = Keys.org(fixture.org);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Membership membership = new Membership(TimeOrderedIds.next(fixture.clock.instant()).toString(),
                    fixture.org, "auth0|bulk-" + i, "bulk" + i + "@example.com", fixture.developer, "Developer",
                    fixture.clock.instant(), "inviter", TimeOrderedIds.next(fixture.clock.instant()).toString());
            batch.add(put(Items.membership().itemToMap(DynamoMemberships.membershipItem(pk, membership), true)));
            batch.add(put(Items.memberGuard().itemToMap(
                    DynamoMemberships.memberGuard(pk, membership.userId(), membership.id()), true)));
            batch.add(put(Items.mailboxEntry().itemToMap(
                    MailboxIndex.entry(pk, membership.id(), membership.email()), true)));
            if (batch.size() >= 24 || i == count - 1) {
                Map<String, List<WriteRequest>> request = Map.of(fixture.table, batch);
                assertTrue(Fixture.client().batchWriteItem(r -> r.requestItems(request)).unprocessedItems().isEmpty());
                batch = new ArrayList<>();
            }
        }
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    /** A page by email, held to one Query (two from a cursor), the page's index entries and its memberships. */
    private MembershipPage page(String email, PageRequest request) {
        calls.reset();
        MembershipPage page = store.memberships().listByEmail(fixture.org, email, request);
        int queries = request.startsAfterId() == null && request.endsBeforeId() == null ? 1 : 2;
        assertEquals(queries, calls.queries(), "Query calls for one page");
        assertTrue(calls.itemsRead() <= LIMIT + 2, calls.itemsRead() + " index entries read for a page of " + LIMIT);
        assertEquals(page.memberships().isEmpty() ? Map.of("Query", queries)
                : Map.of("Query", queries, "BatchGetItem", 1), calls.byOperation());
        assertEquals(page.memberships().size(), calls.keyReads(), "the page's memberships, and no other");
        return page;
    }

    private static List<String> ids(MembershipPage page) {
        return page.memberships().stream().map(Membership::id).toList();
    }

    @Test
    void aPageByEmailReadsWhatItHoldsAmongAThousandOtherMembers() {
        List<String> team = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            team.add(member(i % 2 == 0 ? "team@example.com" : "Team@Example.COM", "auth0|team-" + i).id());
        }
        writeMembers(OTHERS);

        MembershipPage first = page("TEAM@example.com", PageRequest.first(LIMIT));
        assertEquals(team.subList(0, 10), ids(first));
        MembershipPage last = page("team@example.com", PageRequest.after(LIMIT, Cursor.id(first.nextCursor())));
        assertEquals(team.subList(10, 12), ids(last));
        assertNull(last.nextCursor());
        MembershipPage back = page("team@example.com", PageRequest.before(LIMIT, Cursor.id(last.previousCursor())));
        assertEquals(team.subList(0, 10), ids(back));
        assertEquals(List.of(), ids(page("nobody@example.com", PageRequest.first(LIMIT))));
        assertEquals(1, page("bulk500@example.com", PageRequest.first(LIMIT)).memberships().size());

        calls.reset();
        assertEquals(team.get(3), store.memberships().ofUser(fixture.org, "auth0|team-3").orElseThrow().id());
        assertEquals(Map.of("GetItem", 2), calls.byOperation(), "user_id: the user's record, then the membership");
    }

    /**
     * Memberships made before the index have no entry, so no email finds them; filling the org's index writes the
     * entries of those with an address and are still there (an add has none), once; a removal, before or after,
     * leaves no entry behind.
     */
    @Test
    void fillingTheIndexFindsMembershipsMadeBeforeItOnce() {
        Membership ada = member("Ada@Example.com", "auth0|ada");
        Membership adaAtWork = member("ada@example.com", "auth0|ada-at-work");
        Membership grace = member("grace@example.com", "auth0|grace");
        Membership removed = member("lin@example.com", "auth0|lin");
        fixture.memberships.add(fixture.org, "auth0|added", fixture.developer, "admin", fixture.clock.instant());
        for (Membership made : List.of(ada, adaAtWork, grace, removed)) {
            String sk = MailboxIndex.entry(Keys.org(fixture.org), made.id(), made.email()).string(Items.SK);
            Fixture.client().deleteItem(r -> r.tableName(fixture.table).key(Table.key(Keys.org(fixture.org), sk)));
        }
        assertEquals(List.of(), ids(store.memberships().listByEmail(fixture.org, "ada@example.com",
                PageRequest.first(LIMIT))), "made before the index: not found");
        assertTrue(store.memberships().remove(fixture.org, removed.id(), "admin", fixture.clock.instant()),
                "a membership without an entry is removed as any is");

        assertEquals(3, store.memberships().indexEmails(fixture.org));
        assertEquals(0, store.memberships().indexEmails(fixture.org), "again: nothing to write");

        assertEquals(List.of(ada.id(), adaAtWork.id()), ids(store.memberships().listByEmail(fixture.org,
                "ADA@example.com", PageRequest.first(LIMIT))));
        assertEquals(List.of(grace.id()), ids(store.memberships().listByEmail(fixture.org, "grace@example.com",
                PageRequest.first(LIMIT))));
        assertEquals(List.of(), ids(store.memberships().listByEmail(fixture.org, "lin@example.com",
                PageRequest.first(LIMIT))));
        assertTrue(store.memberships().remove(fixture.org, ada.id(), "admin", fixture.clock.instant()));
        assertEquals(List.of(adaAtWork.id()), ids(store.memberships().listByEmail(fixture.org, "ada@example.com",
                PageRequest.first(LIMIT))));
        assertEquals(List.of("MAILBOX#ada@example.com#" + adaAtWork.id(), "MAILBOX#grace@example.com#" + grace.id()),
                Fixture.client().query(r -> r.tableName(fixture.table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :mailbox)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.org(fixture.org)),
                                ":mailbox", AttributeValue.fromS(Keys.MAILBOX)))).items().stream()
                        .map(item -> item.get("sk").s()).toList(), "the entries, and no orphan");
    }
}
