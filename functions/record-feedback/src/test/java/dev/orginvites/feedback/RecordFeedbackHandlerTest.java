package dev.orginvites.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.LambdaContext;
import dev.orginvites.devkit.SesEvents;
import dev.orginvites.devkit.SesEvents.Kind;
import dev.orginvites.devkit.SqsEvents;
import dev.orginvites.shared.mail.MessageTags;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.testkit.MemoryFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SES's events, in the JSON SES documents and EventBridge delivers, through {@code handleRequest} as the SQS event
 * source mapping hands them over (the Lambda runtime's deserializer), on the in-memory store.
 */
class RecordFeedbackHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:send-feedback";
    private static final String RECIPIENT = "ada.lovelace@example.com";

    private final MemoryFixture fixture = new MemoryFixture();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final RecordFeedbackHandler handler = new RecordFeedbackHandler(fixture.invitations, fixture.clock,
            new PrintStream(logged, true, StandardCharsets.UTF_8));
    private final Invite invite = fixture.invitations.create(fixture.org, RECIPIENT, fixture.role, "inviter",
            fixture.clock.instant());
    private int messages;

    private String event(Kind kind, Instant at) {
        return event(kind, fixture.org, invite.id(), at);
    }

    private String event(Kind kind, String orgId, String inviteId, Instant at) {
        return SesEvents.eventBridgeEvent(kind, "0100019" + UUID.randomUUID(),
                Map.of(MessageTags.ORG_ID, orgId, MessageTags.INVITE_ID, inviteId,
                        MessageTags.CONFIGURATION_SET, "org-invites-sending"),
                "invitations@example.com", RECIPIENT, at.minusSeconds(5), at);
    }

    private SQSBatchResponse deliver(String... bodies) {
        List<SqsEvents.Message> batch = new ArrayList<>();
        for (String body : bodies) {
            messages++;
            batch.add(new SqsEvents.Message("m-" + messages, "r-" + messages, body, 1));
        }
        return handler.handleRequest(SqsEvents.event(QUEUE, batch), null);
    }

    private IssuedInvite issued() {
        return fixture.invitations.issued(fixture.org, invite.id(), fixture.clock.instant()).orElseThrow();
    }

    private List<JsonNode> lines() {
        return logged.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }).toList();
    }

    private List<String> outcomes() {
        return lines().stream().map(line -> line.path("outcome").asText()).toList();
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(Kind.PERMANENT_BOUNCE, "failed_recorded", DeliveryProblem.BOUNCED, null),
                Arguments.of(Kind.SUPPRESSED_BOUNCE, "failed_recorded", DeliveryProblem.SUPPRESSED, null),
                Arguments.of(Kind.COMPLAINT, "failed_recorded", DeliveryProblem.COMPLAINED, null),
                Arguments.of(Kind.REJECT, "failed_recorded", DeliveryProblem.REJECTED, null),
                Arguments.of(Kind.TRANSIENT_BOUNCE, "delay_recorded", null, "transient:MailboxFull"),
                Arguments.of(Kind.DELIVERY_DELAY, "delay_recorded", null, "delay:MailboxFull"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void eachKindIsRecordedAsItsFailureOrDelayAndARepeatChangesNothing(Kind kind, String outcome,
            String failure, String delay) {
        Instant at = fixture.clock.instant().truncatedTo(ChronoUnit.MILLIS).plusMillis(2_345);
        String body = event(kind, at);

        assertEquals(List.of(), deliver(body).getBatchItemFailures());
        IssuedInvite after = issued();
        assertEquals(failure, after.invite().failure() == null ? null : after.invite().failure().reason());
        assertEquals(delay, after.delay() == null ? null : after.delay().reason());
        // A reject has no time of its own: it is the message's.
        Instant expected = kind == Kind.REJECT ? at.minusSeconds(5) : at;
        assertEquals(expected, failure != null ? after.invite().failure().at() : after.delay().at());

        assertEquals(List.of(), deliver(body).getBatchItemFailures(), "SES and EventBridge deliver at least once");
        assertEquals(after, issued());
        assertEquals(List.of(outcome, "unchanged"), outcomes());
        JsonNode line = lines().get(0);
        assertEquals(kind.eventType, line.path("event_type").asText());
        assertEquals(fixture.org, line.path("org_id").asText());
        assertEquals(invite.id(), line.path("invite_id").asText());
    }

    /** SES's complaint for a message it did not send, the address being on the suppression list. */
    @Test
    void aComplaintForASuppressedAddressFailsTheInvitationAsSuppressed() {
        String body = event(Kind.COMPLAINT, fixture.clock.instant())
                .replace("\"complaintFeedbackType\"", "\"complaintSubType\":\"OnAccountSuppressionList\",\"complaintFeedbackType\"");

        assertEquals(List.of(), deliver(body).getBatchItemFailures());

        assertEquals(DeliveryProblem.SUPPRESSED, issued().invite().failure().reason());
    }

    @Test
    void aComplaintItsRecipientMarkedNotSpamRecordsNothing() {
        String body = event(Kind.COMPLAINT, fixture.clock.instant()).replace("\"abuse\"", "\"not-spam\"");

        assertEquals(List.of(), deliver(body).getBatchItemFailures());

        assertNull(issued().invite().failure());
        assertEquals(List.of("nothing_to_record"), outcomes());
    }

    /** Whatever order a batch of reports (repeats included) arrives in, one batch or several, the end is the same. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void anyOrderOfTheSameEventsEndsTheSame(long seed) {
        Instant t = fixture.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> bodies = new ArrayList<>(List.of(
                event(Kind.DELIVERY_DELAY, t.plusSeconds(10)),
                event(Kind.TRANSIENT_BOUNCE, t.plusSeconds(70)),
                event(Kind.COMPLAINT, t.plusSeconds(90)),
                event(Kind.PERMANENT_BOUNCE, t.plusSeconds(80)),
                event(Kind.PERMANENT_BOUNCE, t.plusSeconds(80)),
                event(Kind.DELIVERY_DELAY, t.plusSeconds(20))));
        Collections.shuffle(bodies, new Random(seed));

        int split = new Random(seed).nextInt(bodies.size());
        deliver(bodies.subList(0, split).toArray(String[]::new));
        deliver(bodies.subList(split, bodies.size()).toArray(String[]::new));

        assertEquals(new DeliveryProblem(DeliveryProblem.BOUNCED, t.plusSeconds(80)), issued().invite().failure());
        assertEquals(new DeliveryProblem("transient:MailboxFull", t.plusSeconds(70)), issued().delay());
    }

    @Test
    void eventsForAnInvitationThatIsGoneOrNeverWasAreLoggedWithIdsAndDropped() {
        fixture.invitations.cancel(fixture.org, invite.id(), "admin", fixture.clock.instant());
        String unknown = UUID.randomUUID().toString();
        String otherOrg = UUID.randomUUID().toString();

        SQSBatchResponse response = deliver(event(Kind.PERMANENT_BOUNCE, fixture.clock.instant()),
                event(Kind.COMPLAINT, fixture.org, unknown, fixture.clock.instant()),
                event(Kind.DELIVERY_DELAY, otherOrg, invite.id(), fixture.clock.instant()));

        assertEquals(List.of(), response.getBatchItemFailures(), "no retry can find them");
        assertEquals(List.of("not_pending", "not_pending", "not_pending"), outcomes());
        assertEquals(List.of(invite.id(), unknown, invite.id()),
                lines().stream().map(line -> line.path("invite_id").asText()).toList());
    }

    static Stream<Arguments> unreadable() {
        String ok = new RecordFeedbackHandlerTest().event(Kind.PERMANENT_BOUNCE, Instant.parse("2026-12-04T10:00:00Z"));
        return Stream.of(
                Arguments.of("not JSON", "{\"detail\":"),
                Arguments.of("two values", ok + " {}"),
                Arguments.of("no body", null),
                Arguments.of("not an object", "[]"),
                Arguments.of("no detail", "{\"source\":\"aws.ses\"}"),
                Arguments.of("a delivery", ok.replace("\"eventType\":\"Bounce\"", "\"eventType\":\"Delivery\"")),
                Arguments.of("an open", ok.replace("\"eventType\":\"Bounce\"", "\"eventType\":\"Open\"")),
                Arguments.of("no tags", ok.replace("\"tags\":", "\"tag\":")),
                Arguments.of("an address for an id", ok.replaceFirst("\"invite_id\":\\[\"[^\"]+\"\\]",
                        "\"invite_id\":[\"ada@example.com\"]")),
                Arguments.of("two ids", ok.replaceFirst("\"org_id\":\\[(\"[^\"]+\")\\]", "\"org_id\":[$1,$1]")),
                Arguments.of("a lookalike id", ok.replaceFirst("\"org_id\":\\[\"([^\"]+)\"\\]",
                        "\"org_id\":[\"$1\u200b\"]")),
                Arguments.of("no time", ok.replaceFirst("\"timestamp\":\"[^\"]+\",\"feedbackId\"",
                        "\"timestamp\":\"yesterday\",\"feedbackId\"")),
                Arguments.of("no bounce", ok.replace("\"bounce\":", "\"bounced\":")),
                Arguments.of("a bounce type SES has not", ok.replace("\"Permanent\"", "\"" + "B".repeat(30) + "\"")),
                Arguments.of("too deep", "[".repeat(100) + "]".repeat(100)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void aMessageThatIsNoRecordableEventIsLoggedAndDroppedNotRetried(String why, String body) {
        IssuedInvite before = issued();

        SQSBatchResponse response = deliver(body, event(Kind.PERMANENT_BOUNCE, fixture.clock.instant()));

        assertEquals(List.of(), response.getBatchItemFailures(), "a retry cannot mend it");
        assertEquals(List.of("unreadable", "failed_recorded"), outcomes(), "the rest of the batch goes on");
        assertEquals("WARN", lines().get(0).path("level").asText());
        assertNull(before.invite().failure());
    }

    @Test
    void aMessageTheStoreFailsOnIsReportedForARetryAndTheRestGoOn() {
        Invitations failing = (Invitations) Proxy.newProxyInstance(Invitations.class.getClassLoader(),
                new Class<?>[] {Invitations.class}, (proxy, method, args) -> {
                    if (method.getName().equals("recordFailure") && args[1].equals(invite.id())) {
                        throw new IllegalStateException("DynamoDB did not answer about " + RECIPIENT);
                    }
                    return method.invoke(fixture.invitations, args);
                });
        Invite bob = fixture.invitations.create(fixture.org, "bob@example.com", fixture.role, "inviter",
                fixture.clock.instant());
        RecordFeedbackHandler flaky = new RecordFeedbackHandler(failing, fixture.clock,
                new PrintStream(logged, true, StandardCharsets.UTF_8));

        SQSBatchResponse response = flaky.handleRequest(SqsEvents.event(QUEUE, List.of(
                new SqsEvents.Message("m-ada", "r-1", event(Kind.PERMANENT_BOUNCE, fixture.clock.instant()), 1),
                new SqsEvents.Message("m-bob", "r-2", event(Kind.PERMANENT_BOUNCE, fixture.org, bob.id(),
                        fixture.clock.instant()), 1))), null);

        assertEquals(List.of("m-ada"),
                response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList());
        assertEquals(List.of("failed", "failed_recorded"), outcomes());
        assertEquals("java.lang.IllegalStateException", lines().get(0).path("error").asText());
        assertTrue(fixture.invitations.issued(fixture.org, bob.id(), fixture.clock.instant()).orElseThrow()
                .invite().failure() != null);
    }

    @Test
    void messagesLeftWhenTheInvocationRunsOutOfTimeAreReportedUntried() {
        SQSEvent event = SqsEvents.event(QUEUE, List.of(
                new SqsEvents.Message("m-1", "r-1", event(Kind.PERMANENT_BOUNCE, fixture.clock.instant()), 1)));
        LambdaContext nearlyOut = new LambdaContext("request-1", (int) RecordFeedbackHandler.RESERVE_MILLIS - 1);

        SQSBatchResponse response = handler.handleRequest(event, nearlyOut);

        assertEquals("m-1", response.getBatchItemFailures().get(0).getItemIdentifier());
        assertEquals(List.of("not_attempted"), outcomes());
        assertNull(issued().invite().failure());
    }

    @Test
    void noLineNamesAnAddressOrQuotesABody() {
        deliver(event(Kind.PERMANENT_BOUNCE, fixture.clock.instant()), event(Kind.COMPLAINT, fixture.clock.instant()),
                "{\"detail\":{\"mail\":{\"destination\":[\"" + RECIPIENT + "\"]}}}", "not json " + RECIPIENT);

        String log = logged.toString(StandardCharsets.UTF_8);
        assertEquals(4, lines().size());
        assertFalse(log.contains("@"), log);
        assertFalse(log.contains("lovelace"), log);
    }
}
