package dev.orginvites.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.orginvites.devkit.SesEvents;
import dev.orginvites.devkit.SesEvents.Kind;
import dev.orginvites.devkit.SqsEvents;
import dev.orginvites.shared.mail.MessageTags;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The feedback of one invitation's email, through {@code handleRequest}, on the DynamoDB emulator. */
@EmulatorTest
class RecordFeedbackOnEmulatorTest {
    private final Fixture fixture = new Fixture();
    private final RecordFeedbackHandler handler = new RecordFeedbackHandler(fixture.invitations, fixture.clock,
            new PrintStream(OutputStream.nullOutputStream()));

    private SQSBatchResponse deliver(Kind kind, String inviteId, Instant at) {
        String body = SesEvents.eventBridgeEvent(kind, "010001" + UUID.randomUUID(),
                Map.of(MessageTags.ORG_ID, fixture.org, MessageTags.INVITE_ID, inviteId), "invitations@example.com",
                "ada@example.com", at, at);
        return handler.handleRequest(SqsEvents.event("arn:aws:sqs:us-east-1:123456789012:send-feedback",
                List.of(new SqsEvents.Message(UUID.randomUUID().toString(), "r", body, 1))), null);
    }

    @Test
    void aBounceFailsTheInvitationOnceAndADelayIsKeptLatestFirst() {
        Invite ada = fixture.invitations.create(fixture.org, "ada@example.com", fixture.developer, "inviter",
                fixture.clock.instant());
        Instant t = fixture.clock.instant().truncatedTo(ChronoUnit.MILLIS);

        deliver(Kind.DELIVERY_DELAY, ada.id(), t.plusSeconds(20));
        deliver(Kind.DELIVERY_DELAY, ada.id(), t.plusSeconds(10));
        deliver(Kind.PERMANENT_BOUNCE, ada.id(), t.plusSeconds(30));
        assertEquals(List.of(), deliver(Kind.PERMANENT_BOUNCE, ada.id(), t.plusSeconds(30)).getBatchItemFailures());
        deliver(Kind.COMPLAINT, ada.id(), t.plusSeconds(40));

        IssuedInvite issued = fixture.invitations.issued(fixture.org, ada.id(), fixture.clock.instant()).orElseThrow();
        assertEquals(new DeliveryProblem(DeliveryProblem.BOUNCED, t.plusSeconds(30)), issued.invite().failure());
        assertEquals(new DeliveryProblem("delay:MailboxFull", t.plusSeconds(20)), issued.delay());
    }

    @Test
    void anEventForACancelledInvitationChangesNothing() {
        Invite bob = fixture.invitations.create(fixture.org, "bob@example.com", fixture.developer, "inviter",
                fixture.clock.instant());
        fixture.invitations.cancel(fixture.org, bob.id(), "admin", fixture.clock.instant());

        assertEquals(List.of(), deliver(Kind.PERMANENT_BOUNCE, bob.id(), fixture.clock.instant())
                .getBatchItemFailures());

        assertEquals(List.of(), fixture.invitations.list(fixture.org,
                PageRequest.first(10), fixture.clock.instant()).invites());
        Invite again = fixture.invitations.create(fixture.org, "bob@example.com", fixture.developer, "inviter",
                fixture.clock.instant());
        assertNull(again.failure());
    }
}
