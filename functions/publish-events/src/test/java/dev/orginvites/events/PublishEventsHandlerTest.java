package dev.orginvites.events;

import static dev.orginvites.events.StreamRecords.with;
import static dev.orginvites.events.TableChangesTest.INVITATION;
import static dev.orginvites.events.TableChangesTest.MEMBER;
import static dev.orginvites.events.TableChangesTest.detail;
import static dev.orginvites.events.TableChangesTest.insert;
import static dev.orginvites.events.TableChangesTest.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orginvites.devkit.LambdaContext;
import dev.orginvites.testkit.EventSchemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * How the handler publishes a batch: up to 10 entries a call, in the records' order and never one resource twice in
 * a call; a partial failure ({@code FailedEntryCount}) and a throttled call retried, only what failed; what keeps
 * failing (or finds no time left) handed back to Lambda from its record on, so no event of a resource overtakes an
 * earlier one and nothing is lost silently.
 */
class PublishEventsHandlerTest {
    private final FakeEventBridge events = new FakeEventBridge();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final List<Long> waits = new ArrayList<>();
    private final PublishEventsHandler handler = new PublishEventsHandler(events, new EventSettings("org-invites", ""),
            new PrintStream(log, true, StandardCharsets.UTF_8), waits::add);
    private final LambdaContext context = new LambdaContext(UUID.randomUUID().toString(), 60_000);

    /** {@code n} creates of distinct invitations (so no two are of one resource), sequence numbers 1000 on. */
    private static List<ObjectNode> creates(int n) {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("0193a1b2-0000-7000-8000-%012d", i);
            records.add(StreamRecords.record("create-" + i, "INSERT", Integer.toString(1000 + i),
                    with(INVITATION, "sk", "INVITE#" + id, "invite_id", id), null, false));
        }
        return records;
    }

    private static List<String> failed(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }

    private static List<String> sequence(int from, int to) {
        List<String> numbers = new ArrayList<>();
        for (int i = from; i < to; i++) {
            numbers.add(Integer.toString(1000 + i));
        }
        return numbers;
    }

    private static String inviteId(PutEventsRequestEntry entry) {
        return detail(entry).at("/data/id").asText();
    }

    @Test
    void aBatchGoesOutInCallsOfTenInTheStreamsOrder() {
        List<ObjectNode> records = creates(23);

        StreamsEventResponse response = handler.handleRequest(StreamRecords.event(records), context);

        assertEquals(List.of(), failed(response));
        assertEquals(List.of(10, 10, 3), events.calls.stream().map(c -> c.entries().size()).toList());
        List<String> published = events.entries().stream().map(PublishEventsHandlerTest::inviteId).toList();
        List<String> written = records.stream().map(r -> r.at("/dynamodb/NewImage/invite_id/S").asText()).toList();
        assertEquals(written, published);
        events.entries().forEach(e -> EventSchemas.validate(e.detailType(), e.detail()));
    }

    /** Two events of one resource never share a call, so a failed entry can never be overtaken by a later one. */
    @Test
    void twoEventsOfOneResourceGoInCallsOneAfterTheOther() {
        String id = INVITATION.get("invite_id").toString();
        List<ObjectNode> records = List.of(insert(INVITATION), insert(MEMBER),
                modify(INVITATION, with(INVITATION, "delivered_at", "2026-12-04T09:00:01Z")));

        handler.handleRequest(StreamRecords.event(records), context);

        assertEquals(List.of(2, 1), events.calls.stream().map(c -> c.entries().size()).toList());
        assertEquals(List.of("org_invitation.created", "org_membership.created", "org_invitation.delivered"),
                events.entries().stream().map(PutEventsRequestEntry::detailType).toList());
        assertEquals(id, inviteId(events.calls.get(1).entries().get(0)));
    }

    /** Ten invitations each created and delivered within one batch. */
    private static List<ObjectNode> createdAndDelivered() {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = String.format("0193a1b2-0000-7000-8000-%012d", i);
            var invitation = with(INVITATION, "sk", "INVITE#" + id, "invite_id", id);
            records.add(StreamRecords.record("create-" + i, "INSERT", Integer.toString(1000 + 2 * i), invitation,
                    null, false));
            records.add(StreamRecords.record("deliver-" + i, "MODIFY", Integer.toString(1001 + 2 * i),
                    with(invitation, "delivered_at", "2026-12-04T09:00:01Z"), invitation, false));
        }
        return records;
    }

    /**
     * A resource's later event waits for the next call, and the other resources' events fill this one: ten
     * invitations created and delivered in one batch go out in two full calls, each delivery after its create.
     */
    @Test
    void callsStayFullWhileEachResourceKeepsItsOrder() {
        StreamsEventResponse response = handler.handleRequest(StreamRecords.event(createdAndDelivered()), context);

        assertEquals(List.of(), failed(response));
        assertEquals(List.of(10, 10), events.calls.stream().map(c -> c.entries().size()).toList());
        assertTrue(events.calls.get(0).entries().stream().allMatch(e -> e.detailType().equals(
                "org_invitation.created")));
        assertTrue(events.calls.get(1).entries().stream().allMatch(e -> e.detailType().equals(
                "org_invitation.delivered")));
    }

    /**
     * When a resource's event keeps failing, none of its later events is published, and the batch goes back from the
     * first record whose event is not out (other resources' events that went out meanwhile are published again on
     * the retry, with their ids).
     */
    @Test
    void aResourcesLaterEventIsNeverPublishedAheadOfItsFailedOne() {
        events.answer = (call, request) -> FakeEventBridge.published(request,
                entry -> inviteId(entry).endsWith("03") ? "InternalFailure" : null);

        StreamsEventResponse response = handler.handleRequest(StreamRecords.event(createdAndDelivered()), context);

        // Back from the first record whose event is not out: invitation 0's delivery, which waited for the next
        // call (never made once invitation 3's create kept failing).
        List<String> fromTheFirstNotOut = new ArrayList<>();
        for (int i = 1; i < 20; i++) {
            fromTheFirstNotOut.add(Integer.toString(1000 + i));
        }
        assertEquals(fromTheFirstNotOut, failed(response));
        assertEquals(PublishEventsHandler.MAX_ATTEMPTS, events.calls.size(), "the first call and four of the "
                + "failed entry alone");
        assertTrue(events.calls.stream().flatMap(c -> c.entries().stream())
                .noneMatch(e -> e.detailType().equals("org_invitation.delivered")), "no later call is made");
    }

    /**
     * PutEvents answers a throttled or failed entry with FailedEntryCount, not an exception: only those entries are
     * put again, after a backoff, and the batch succeeds.
     */
    @Test
    void aPartialFailureIsRetriedForTheFailedEntriesOnly() {
        List<ObjectNode> records = creates(5);
        events.answer = (call, request) -> FakeEventBridge.published(request, entry -> call == 1
                && (inviteId(entry).endsWith("01") || inviteId(entry).endsWith("03")) ? "ThrottlingException" : null);

        StreamsEventResponse response = handler.handleRequest(StreamRecords.event(records), context);

        assertEquals(List.of(), failed(response));
        assertEquals(2, events.calls.size());
        assertEquals(List.of(detail(events.calls.get(0).entries().get(1)).path("event_id").asText(),
                detail(events.calls.get(0).entries().get(3)).path("event_id").asText()),
                events.calls.get(1).entries().stream().map(e -> detail(e).path("event_id").asText()).toList(),
                "the failed two again, in order, with their ids");
        assertEquals(1, waits.size(), "one backoff");
        assertTrue(waits.get(0) > 0 && waits.get(0) <= PublishEventsHandler.MAX_BACKOFF_MILLIS, waits.toString());
        String logged = log.toString(StandardCharsets.UTF_8);
        assertEquals(5, logged.lines().filter(l -> l.contains("\"outcome\":\"published\"")).count(), logged);
        assertTrue(logged.contains("\"attempts\":2"), logged);
    }

    /** A call refused whole (throttled past the SDK's own retries) is made again, with the same entries. */
    @Test
    void aThrottledCallIsMadeAgain() {
        events.answer = (call, request) -> {
            if (call <= 2) {
                throw (EventBridgeException) EventBridgeException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException")
                                .errorMessage("Rate exceeded").build()).build();
            }
            return FakeEventBridge.published(request, entry -> null);
        };

        StreamsEventResponse response = handler.handleRequest(StreamRecords.event(creates(3)), context);

        assertEquals(List.of(), failed(response));
        assertEquals(3, events.calls.size());
        assertEquals(events.calls.get(0).entries(), events.calls.get(2).entries());
        assertEquals(2, waits.size());
        assertTrue(waits.get(1) >= waits.get(0) / 2, "backing off: " + waits);
    }

    /**
     * An entry that keeps failing stops the batch: its record and every record after it are handed back to Lambda
     * (which retries from the first, and in the end sends the batch to the on-failure queue); the records before it
     * are done, and nothing after it is put in a later call.
     */
    @Test
    void anEntryThatKeepsFailingHandsBackItsRecordAndEveryOneAfterIt() {
        List<ObjectNode> records = creates(14);
        events.answer = (call, request) -> FakeEventBridge.published(request,
                entry -> inviteId(entry).endsWith("04") ? "InternalFailure" : null);

        StreamsEventResponse response = handler.handleRequest(StreamRecords.event(records), context);

        assertEquals(sequence(4, 14), failed(response));
        assertEquals(PublishEventsHandler.MAX_ATTEMPTS, events.calls.size(),
                "the first call, then the failed entry alone, and no later call");
        for (int call = 1; call < events.calls.size(); call++) {
            assertEquals(1, events.calls.get(call).entries().size());
            assertTrue(inviteId(events.calls.get(call).entries().get(0)).endsWith("04"));
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("\"outcome\":\"failed\""), logged);
        assertTrue(logged.contains("\"error_code\":\"InternalFailure\""), logged);
        assertTrue(logged.contains("\"outcome\":\"not_attempted\""), logged);
        assertFalse(logged.contains("@"), "no address in the log: " + logged);
        assertFalse(logged.contains("refused by the test"), "no entry's error message in the log");
    }

    /** With too little time left for a call, nothing is put and the whole batch goes back. */
    @Test
    void withNoTimeLeftTheBatchGoesBackWhole() {
        StreamsEventResponse response = handler.handleRequest(StreamRecords.event(creates(3)),
                new LambdaContext(UUID.randomUUID().toString(), 1_000));

        assertEquals(sequence(0, 3), failed(response));
        assertEquals(0, events.calls.size());
    }

    /**
     * A record of a change that has an event but lacks what the event needs (an item written outside the store) is
     * handed back with everything after it, not dropped: after its retries it reaches the on-failure queue.
     */
    @Test
    void aRecordThatCannotBeReadIsHandedBackNotDropped() {
        List<ObjectNode> records = new ArrayList<>(creates(3));
        records.add(1, StreamRecords.record("broken", "INSERT", "1000",
                with(INVITATION, "sk", "INVITE#x", "invite_id", null), null, false));
        ((ObjectNode) records.get(1).path("dynamodb")).put("SequenceNumber", "999");

        StreamsEventResponse response = handler.handleRequest(StreamRecords.event(records), context);

        assertEquals(List.of("999", "1001", "1002"), failed(response));
        assertEquals(1, events.entries().size(), "the record before it is published");
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("IllegalArgumentException"));
    }

    @Test
    void anEmptyOrMissingBatchIsNothingToDo() {
        assertEquals(List.of(), failed(handler.handleRequest(StreamRecords.event(List.of()), context)));
        assertEquals(List.of(), failed(handler.handleRequest(null, context)));
        assertEquals(0, events.calls.size());
    }

    @Test
    void theSettingsAreRead() {
        assertEquals("arn:aws:events:eu-west-1:1:event-bus/b", EventSettings.from(name -> name.equals("EVENT_BUS")
                ? "arn:aws:events:eu-west-1:1:event-bus/b" : null).eventBus());
        assertEquals("", EventSettings.from(name -> name.equals("EVENT_BUS") ? "b" : null).basePath());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EventSettings.from(name -> null));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new EventSettings("b", "rest"));
    }
}
