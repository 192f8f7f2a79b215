package dev.orginvites.events;

import static dev.orginvites.events.StreamRecords.image;
import static dev.orginvites.events.StreamRecords.record;
import static dev.orginvites.events.StreamRecords.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orginvites.devkit.LambdaContext;
import dev.orginvites.testkit.EventSchemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Which event each kind of stream record gives, through the handler: the records as Lambda sends them (read by the
 * Lambda runtime's own deserializer), the images as the store writes them. Every change of state gives exactly one
 * event, from exactly one of its records; every other record none. Every event is held to its published schema.
 */
class TableChangesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORG = "9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c";
    static final String PK = "ORG#" + ORG;
    static final String INVITE = "0193a1b2-0000-7000-8000-000000000001";
    static final String REISSUE = "0193a1b2-0000-7000-8000-000000000002";
    static final String MEMBERSHIP = "0193a1b2-0000-7000-8000-0000000000aa";
    static final String ROLE = "f1968726-1dca-42d4-a4dc-80cab99e2b6c";
    static final String OTHER_ROLE = "3b2f8c1e-7a64-4d59-9e0b-5c6d7e8f9a0b";
    static final String ADDRESS = "ada@example.com";

    static final Map<String, Object> INVITATION = image("pk", PK, "sk", "INVITE#" + INVITE, "item_type", "invite",
            "invite_id", INVITE, "email", ADDRESS, "email_normalized", ADDRESS, "role_id", ROLE,
            "role_name", "Developer", "invited_by", "auth0|grace", "inviter_name", "Grace Hopper",
            "created_at", "2026-12-04T09:00:00.123456Z", "expires_at", 1_797_000_000L,
            "token_nonce", "bm9uY2Vub25jZW5vbmNlMQ");
    static final Map<String, Object> DELIVERED = with(INVITATION, "delivered_at", "2026-12-04T09:00:01.5Z",
            "message_id", "0100019-ses");
    static final Map<String, Object> REISSUED = with(INVITATION, "sk", "INVITE#" + REISSUE, "invite_id", REISSUE,
            "reissued_from", INVITE, "created_at", "2026-12-04T09:10:00Z", "resent_by", "auth0|grace");
    static final Map<String, Object> GUARD = image("pk", PK, "sk", "EMAIL#" + ADDRESS, "item_type", "email_guard",
            "invite_id", INVITE, "expires_at", 1_797_000_000L);
    static final Map<String, Object> CANCELLED = image("pk", PK, "sk", "CANCELLED#" + INVITE,
            "item_type", "cancelled_invite", "invite_id", INVITE, "email", ADDRESS, "role_id", ROLE,
            "invited_by", "auth0|grace", "created_at", "2026-12-04T09:00:00.123456Z", "cancelled_by", "auth0|linus",
            "cancelled_at", "2026-12-04T09:30:00Z");
    static final Map<String, Object> ACCEPTED = image("pk", PK, "sk", "ACCEPTED#" + INVITE,
            "item_type", "accepted_invite", "invite_id", INVITE, "email", ADDRESS, "role_id", ROLE,
            "invited_by", "auth0|grace", "created_at", "2026-12-04T09:00:00.123456Z", "user_id", "auth0|ada",
            "membership_id", MEMBERSHIP, "accepted_at", "2026-12-04T09:40:00Z");
    static final Map<String, Object> MEMBER = image("pk", PK, "sk", "MEMBER#" + MEMBERSHIP, "item_type", "membership",
            "membership_id", MEMBERSHIP, "user_id", "auth0|ada", "email", ADDRESS, "user_name", "Ada Lovelace",
            "username", "ada", "role_id", ROLE, "role_name", "Developer", "joined_at", "2026-12-04T09:40:00Z",
            "invited_by", "auth0|grace", "invite_id", INVITE);
    static final Map<String, Object> ADDED = with(MEMBER, "email", null, "user_name", null, "username", null,
            "invite_id", null, "invited_by", "auth0|admin");
    static final Map<String, Object> ROLE_CHANGED = with(MEMBER, "role_id", OTHER_ROLE, "role_name", "Admin",
            "role_changed_by", "auth0|admin", "role_changed_at", "2026-12-04T09:50:00Z");
    static final Map<String, Object> REMOVED = image("pk", PK, "sk", "REMOVED#" + MEMBERSHIP,
            "item_type", "removed_membership", "membership_id", MEMBERSHIP, "user_id", "auth0|ada", "email", ADDRESS,
            "role_id", OTHER_ROLE, "joined_at", "2026-12-04T09:40:00Z", "invited_by", "auth0|grace",
            "invite_id", INVITE, "removed_by", "auth0|admin", "removed_at", "2026-12-04T10:00:00Z");

    /** One kind of record and what it must give: a detail-type, or null for no event. */
    record Case(String name, ObjectNode record, String detailType, String actor, String time) {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("a create's invitation", insert(INVITATION), "org_invitation.created", "auth0|grace",
                "2026-12-04T09:00:00.123Z"));
        cases.add(new Case("a create's guard", insert(GUARD), null, null, null));
        cases.add(new Case("a delivery", modify(INVITATION, DELIVERED), "org_invitation.delivered", null,
                "2026-12-04T09:00:01.500Z"));
        cases.add(new Case("a permanent failure", modify(DELIVERED, with(DELIVERED, "failed_at",
                "2026-12-04T10:00:00.123Z", "failed_reason", "bounced")), "org_invitation.failed", null,
                "2026-12-04T10:00:00.123Z"));
        cases.add(new Case("a failure recorded again", modify(with(DELIVERED, "failed_at", "2026-12-04T10:00:00.123Z",
                "failed_reason", "bounced"), with(DELIVERED, "failed_at", "2026-12-04T10:00:00.123Z",
                "failed_reason", "complained")), null, null, null));
        cases.add(new Case("a transient delay", modify(DELIVERED, with(DELIVERED, "delay_at",
                "2026-12-04T10:00:00.123Z", "delay_reason", "mailbox_full")), null, null, null));
        cases.add(new Case("a resend's new issue", insert(REISSUED), "org_invitation.resent", "auth0|grace",
                "2026-12-04T09:10:00.000Z"));
        cases.add(new Case("a resend's removal of the old issue", remove(DELIVERED, false), null, null, null));
        cases.add(new Case("a resend's audit record", insert(image("pk", PK, "sk", "REISSUED#" + INVITE,
                "item_type", "reissued_invite", "invite_id", INVITE, "reissued_as", REISSUE, "resent_by", "auth0|grace",
                "resent_at", "2026-12-04T09:10:00Z")), null, null, null));
        cases.add(new Case("a cancel's audit record", insert(CANCELLED), "org_invitation.cancelled", "auth0|linus",
                "2026-12-04T09:30:00.000Z"));
        cases.add(new Case("a cancel's (or accept's) removal", remove(INVITATION, false), null, null, null));
        cases.add(new Case("a cancel's removal of the guard", remove(GUARD, false), null, null, null));
        cases.add(new Case("an expiry: DynamoDB's TTL removes the invitation", remove(INVITATION, true),
                "org_invitation.expired", null, "2026-12-04T00:00:00.000Z"));
        cases.add(new Case("DynamoDB's TTL removes a guard", remove(GUARD, true), null, null, null));
        cases.add(new Case("an accept's audit record", insert(ACCEPTED), "org_invitation.accepted", "auth0|ada",
                "2026-12-04T09:40:00.000Z"));
        cases.add(new Case("an accept's membership", insert(MEMBER), "org_membership.created", "auth0|ada",
                "2026-12-04T09:40:00.000Z"));
        cases.add(new Case("an accept's user record", insert(image("pk", PK, "sk", "USER#auth0|ada",
                "item_type", "member_guard", "user_id", "auth0|ada", "membership_id", MEMBERSHIP)), null, null, null));
        cases.add(new Case("an accept's address index entry", insert(image("pk", PK, "sk", "MAILBOX#" + ADDRESS + "#"
                + MEMBERSHIP, "item_type", "mailbox_entry", "membership_id", MEMBERSHIP)), null, null, null));
        cases.add(new Case("an add's membership", insert(ADDED), "org_membership.created", "auth0|admin",
                "2026-12-04T09:40:00.000Z"));
        cases.add(new Case("a role change", modify(MEMBER, ROLE_CHANGED), "org_membership.updated", "auth0|admin",
                "2026-12-04T09:50:00.000Z"));
        cases.add(new Case("a removal's audit record", insert(REMOVED), "org_membership.deleted", "auth0|admin",
                "2026-12-04T10:00:00.000Z"));
        cases.add(new Case("a removal's removal of the membership", remove(ROLE_CHANGED, false), null, null, null));
        cases.add(new Case("the quota's count", modify(image("pk", PK, "sk", "QUOTA", "version", 1L),
                image("pk", PK, "sk", "QUOTA", "version", 2L)), null, null, null));
        cases.add(new Case("a role in the directory", insert(image("pk", PK, "sk", "ROLE#" + ROLE, "name", "Dev")),
                null, null, null));
        cases.add(new Case("the org's name", insert(image("pk", PK, "sk", "ORG", "name", "Acme")), null, null, null));
        cases.add(new Case("an idempotency key", insert(image("pk", PK, "sk", "IDEMPOTENCY#abc", "state",
                "in_flight")), null, null, null));
        return cases;
    }

    private static int sequence = 100;

    static ObjectNode insert(Map<String, Object> image) {
        return record(UUID.randomUUID().toString(), "INSERT", Integer.toString(sequence++), image, null, false);
    }

    static ObjectNode modify(Map<String, Object> before, Map<String, Object> after) {
        return record(UUID.randomUUID().toString(), "MODIFY", Integer.toString(sequence++), after, before, false);
    }

    static ObjectNode remove(Map<String, Object> before, boolean byTimeToLive) {
        return record(UUID.randomUUID().toString(), "REMOVE", Integer.toString(sequence++), null, before,
                byTimeToLive);
    }

    static PublishEventsHandler handler(FakeEventBridge events, ByteArrayOutputStream log) {
        return new PublishEventsHandler(events, new EventSettings("arn:aws:events:eu-west-1:123456789012:event-bus/"
                + "org-invites", ""), new PrintStream(log, true, StandardCharsets.UTF_8), millis -> { });
    }

    static JsonNode detail(PutEventsRequestEntry entry) {
        try {
            return JSON.readTree(entry.detail());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> eachKindOfRecordGivesExactlyItsEventOrNone() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            FakeEventBridge events = new FakeEventBridge();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            StreamsEventResponse response = handler(events, log).handleRequest(
                    StreamRecords.event(List.of(c.record())), new LambdaContext(UUID.randomUUID().toString(), 60_000));

            assertEquals(List.of(), response.getBatchItemFailures());
            List<PutEventsRequestEntry> entries = events.entries();
            if (c.detailType() == null) {
                assertEquals(List.of(), entries, "no event");
                assertTrue(log.toString(StandardCharsets.UTF_8).contains("\"outcome\":\"no_event\""));
                return;
            }
            assertEquals(1, entries.size(), entries.toString());
            PutEventsRequestEntry entry = entries.get(0);
            assertEquals("org-invites", entry.source());
            assertEquals(c.detailType(), entry.detailType());
            assertEquals("arn:aws:events:eu-west-1:123456789012:event-bus/org-invites", entry.eventBusName());
            EventSchemas.validate(entry.detailType(), entry.detail());
            JsonNode detail = detail(entry);
            assertEquals(ORG, detail.path("org_id").asText());
            assertEquals(c.time(), detail.path("time").asText());
            assertEquals(java.time.Instant.parse(c.time()), entry.time());
            assertEquals(c.actor() == null ? "" : c.actor(), detail.at("/actor/sub").asText());
            assertEquals(TableChanges.eventId(StreamRecords.event(List.of(c.record())).getRecords().get(0)),
                    detail.path("event_id").asText());
            String log1 = log.toString(StandardCharsets.UTF_8);
            assertTrue(log1.contains("\"outcome\":\"published\""), log1);
            assertFalse(log1.contains("@"), "no address in the log: " + log1);
        }));
    }

    @Test
    void theResourcesAreAsTheApiShowsThem() throws Exception {
        FakeEventBridge events = new FakeEventBridge();
        handler(events, new ByteArrayOutputStream()).handleRequest(StreamRecords.event(List.of(insert(INVITATION),
                insert(ACCEPTED), insert(MEMBER), insert(REMOVED), insert(REISSUED),
                modify(DELIVERED, with(DELIVERED, "failed_at", "2026-12-04T10:00:00.123Z", "failed_reason",
                        "suppressed")))), null);
        // By detail-type: a resource's later events wait for the next call, so the calls are not in record order.
        Map<String, JsonNode> byType = new java.util.HashMap<>();
        events.entries().forEach(e -> byType.put(e.detailType(), detail(e)));
        List<JsonNode> details = List.of(byType.get("org_invitation.created"), byType.get("org_invitation.accepted"),
                byType.get("org_membership.created"), byType.get("org_membership.deleted"),
                byType.get("org_invitation.resent"), byType.get("org_invitation.failed"));

        assertEquals(JSON.readTree("{\"id\":\"" + INVITE + "\",\"type\":\"org_invitation\",\"attributes\":{\"email\":\""
                + ADDRESS + "\",\"is_active\":true,\"role\":\"" + ROLE + "\"},\"relationships\":{\"org\":{\"data\":"
                + "{\"type\":\"org\",\"id\":\"" + ORG + "\"},\"links\":{\"related\":\"/orgs/" + ORG + "\"}}}}"),
                details.get(0).path("data"));
        assertFalse(details.get(1).at("/data/attributes/is_active").asBoolean(), "accepted: no longer active");
        assertEquals(MEMBERSHIP, details.get(1).path("membership_id").asText());
        assertEquals(JSON.readTree("{\"id\":\"" + MEMBERSHIP + "\",\"type\":\"org_membership\",\"attributes\":"
                + "{\"created_at\":\"2026-12-04T09:40:00Z\"},\"relationships\":{\"org\":{\"data\":{\"id\":\"" + ORG
                + "\",\"type\":\"org\",\"attributes\":{}}},\"role\":{\"data\":{\"id\":\"" + ROLE + "\",\"type\":"
                + "\"org_role\",\"attributes\":{\"name\":\"Developer\"}}},\"user\":{\"data\":{\"id\":\"auth0|ada\","
                + "\"type\":\"user\",\"attributes\":{\"name\":\"Ada Lovelace\",\"username\":\"ada\",\"email\":\""
                + ADDRESS + "\"}}}}}"), details.get(2).path("data"));
        assertEquals("auth0|ada", details.get(3).at("/data/relationships/user/data/id").asText());
        assertEquals(ADDRESS, details.get(3).at("/data/relationships/user/data/attributes/email").asText());
        assertEquals(INVITE, details.get(4).path("previous_invite_id").asText());
        assertEquals(REISSUE, details.get(4).at("/data/id").asText());
        assertEquals("suppressed", details.get(5).path("reason").asText());
        assertEquals("suppressed", details.get(5).at("/data/attributes/failed_reason").asText(), "as the read shows");
        assertEquals("2026-12-04T10:00:00.123Z", details.get(5).at("/data/attributes/failed_at").asText());
    }

    @Test
    void underABasePathTheLinksStartWithIt() {
        FakeEventBridge events = new FakeEventBridge();
        new PublishEventsHandler(events, new EventSettings("org-invites", "/rest"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), millis -> { })
                .handleRequest(StreamRecords.event(List.of(insert(INVITATION))), null);
        JsonNode detail = detail(events.entries().get(0));
        assertEquals("/rest/orgs/" + ORG, detail.at("/data/relationships/org/links/related").asText());
        EventSchemas.validate("org_invitation.created", detail);
    }

    /**
     * An invitation's item removed by DynamoDB's TTL is its expiry; removed by a user (a cancel, a resend, an accept:
     * each also writes an audit record, which is the event) it is nothing. The only difference between the two
     * removals is the record's user identity.
     */
    @Test
    void anExpiryIsToldFromACancelByTheRecordsUserIdentity() {
        FakeEventBridge events = new FakeEventBridge();
        handler(events, new ByteArrayOutputStream()).handleRequest(StreamRecords.event(List.of(
                remove(INVITATION, false), insert(CANCELLED), remove(with(INVITATION, "invite_id", REISSUE, "sk",
                        "INVITE#" + REISSUE), true))), null);

        List<String> types = events.entries().stream().map(PutEventsRequestEntry::detailType).toList();
        assertEquals(List.of("org_invitation.cancelled", "org_invitation.expired"), types);
        assertEquals(INVITE, detail(events.entries().get(0)).at("/data/id").asText());
        assertEquals("auth0|linus", detail(events.entries().get(0)).at("/actor/sub").asText());
        assertEquals(REISSUE, detail(events.entries().get(1)).at("/data/id").asText());
        assertTrue(detail(events.entries().get(1)).path("actor").isMissingNode(), "nobody expired it");
        assertFalse(detail(events.entries().get(1)).at("/data/attributes/is_active").asBoolean());
    }

    /** A record handed over again (a retried batch, a replay) gives the same event id; another record another. */
    @Test
    void aReplayedRecordGivesTheSameEventId() {
        List<ObjectNode> records = List.of(insert(INVITATION), modify(INVITATION, DELIVERED), insert(ACCEPTED),
                insert(MEMBER));
        FakeEventBridge first = new FakeEventBridge();
        FakeEventBridge replay = new FakeEventBridge();
        handler(first, new ByteArrayOutputStream()).handleRequest(StreamRecords.event(records), null);
        handler(replay, new ByteArrayOutputStream()).handleRequest(StreamRecords.event(records), null);

        List<String> ids = first.entries().stream().map(e -> detail(e).path("event_id").asText()).toList();
        assertEquals(ids, replay.entries().stream().map(e -> detail(e).path("event_id").asText()).toList());
        assertEquals(first.entries().stream().map(PutEventsRequestEntry::detail).toList(),
                replay.entries().stream().map(PutEventsRequestEntry::detail).toList(), "the same detail, whole");
        assertEquals(4, new TreeSet<>(ids).size(), "one id per record: " + ids);
        ObjectNode sameChangeOtherRecord = insert(INVITATION);
        handler(replay, new ByteArrayOutputStream()).handleRequest(StreamRecords.event(List.of(sameChangeOtherRecord)),
                null);
        assertNotEquals(ids.get(0), detail(replay.entries().get(replay.entries().size() - 1)).path("event_id")
                .asText());
    }

    /** Every detail-type the publisher makes has its schema, and every schema is of one it makes. */
    @Test
    void theSchemaDescribesEveryDetailTypeAndNoOther() {
        Set<String> made = new TreeSet<>();
        Arrays.stream(EventType.values()).forEach(type -> made.add(type.detailType()));
        assertEquals(made, EventSchemas.detailTypes());
        Set<String> tested = new TreeSet<>();
        cases().stream().filter(c -> c.detailType() != null).forEach(c -> tested.add(c.detailType()));
        assertEquals(made, tested, "each detail-type has a case above");
    }

    /** An event that does not keep to its schema is refused by the check, so the check checks. */
    @Test
    void theSchemaCheckRefusesWhatIsNotAnEvent() {
        FakeEventBridge events = new FakeEventBridge();
        handler(events, new ByteArrayOutputStream()).handleRequest(StreamRecords.event(List.of(insert(INVITATION))),
                null);
        ObjectNode detail = (ObjectNode) detail(events.entries().get(0));
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> EventSchemas.validate("org_invitation.accepted", detail), "created is active, accepted not");
        ObjectNode extra = detail.deepCopy();
        extra.put("email", ADDRESS);
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> EventSchemas.validate("org_invitation.created", extra), "no member the schema does not name");
        ObjectNode noOrg = detail.deepCopy();
        noOrg.remove("org_id");
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> EventSchemas.validate("org_invitation.created", noOrg));
    }

    static DynamodbEvent events(ObjectNode... records) {
        return StreamRecords.event(List.of(records));
    }
}
