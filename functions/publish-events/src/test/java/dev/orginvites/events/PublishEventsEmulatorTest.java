package dev.orginvites.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.EventServices;
import dev.orginvites.devkit.LambdaContext;
import dev.orginvites.devkit.StreamEvents;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.EventSchemas;
import dev.orginvites.testkit.Fixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * The publisher on the emulator, fed the real records of the table's stream that the store itself wrote (as Lambda's
 * event source mapping hands them over, read by the Lambda runtime's deserializer), putting events on a bus of
 * moto's EventBridge: every change of an invitation's and a membership's life gives exactly its one event, in each
 * resource's order, each keeping to the published schema; a replay gives the same ids.
 */
@EmulatorTest
class PublishEventsEmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<DynamodbEvent> RUNTIME_SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, PublishEventsEmulatorTest.class.getClassLoader());

    private final Fixture fixture = Fixture.withStream();
    private final URI endpoint = DynamoEmulator.shared().endpoint();
    private final List<PutEventsRequestEntry> accepted = new ArrayList<>();
    private final EventBridgeClient events = EventServices.events(endpoint, new ExecutionInterceptor() {
        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutEventsRequest request
                    && context.response() instanceof PutEventsResponse response) {
                for (int i = 0; i < request.entries().size(); i++) {
                    if (response.entries().get(i).eventId() != null) {
                        accepted.add(request.entries().get(i));
                    }
                }
            }
        }
    });
    private final String bus = EventServices.createBus(events, "org-invites-test-" + UUID.randomUUID());
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PublishEventsHandler handler = new PublishEventsHandler(events, new EventSettings(bus, ""),
            new PrintStream(log, true, StandardCharsets.UTF_8), Thread::sleep);

    private List<Record> records() {
        return StreamEvents.read(StreamEvents.client(endpoint), StreamEvents.streamArn(Fixture.client(),
                fixture.table));
    }

    private static DynamodbEvent event(List<Record> records, String streamArn) {
        return RUNTIME_SERIALIZER.fromJson(StreamEvents.lambdaEvent(records, streamArn));
    }

    private static JsonNode detail(PutEventsRequestEntry entry) {
        try {
            return JSON.readTree(entry.detail());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachChangeTheStoreMakesGivesExactlyItsEventInOrder() {
        String org = fixture.org;
        var now = fixture.clock.instant();
        Invite ada = fixture.invitations.create(org, "Ada@Example.com", fixture.developer, "auth0|grace",
                new UserNames("Grace Hopper", null), now);
        IssuedInvite issued = fixture.invitations.issued(org, ada.id(), now).orElseThrow();
        assertTrue(fixture.invitations.recordDelivery(org, ada.id(), issued.tokenNonce(), "ses-1", now));
        fixture.clock.advance(Duration.ofMinutes(10));
        IssuedInvite again = fixture.invitations.resend(org, ada.id(), "auth0|linus", Duration.ofMinutes(5),
                fixture.clock.instant()).orElseThrow();
        Membership member = fixture.memberships.accept(org, again.invite().id(), again.tokenNonce(), "auth0|ada",
                new UserNames("Ada Lovelace", "ada"), fixture.clock.instant()).orElseThrow();
        assertTrue(fixture.memberships.changeRole(org, member.id(), fixture.admin, "auth0|root",
                fixture.clock.instant()));
        assertTrue(fixture.memberships.remove(org, member.id(), "auth0|root", fixture.clock.instant()));
        Invite bob = fixture.invitations.create(org, "bob@example.com", fixture.developer, "auth0|grace",
                fixture.clock.instant());
        assertTrue(fixture.invitations.cancel(org, bob.id(), "auth0|linus", fixture.clock.instant()));
        Membership added = fixture.memberships.add(org, "auth0|carol", fixture.developer, "auth0|root",
                fixture.clock.instant());

        List<Record> records = records();
        String streamArn = StreamEvents.streamArn(Fixture.client(), fixture.table);
        StreamsEventResponse response = handler.handleRequest(event(records, streamArn),
                new LambdaContext(UUID.randomUUID().toString(), 30_000));

        assertEquals(List.of(), response.getBatchItemFailures());
        // Each resource's events, in the order they happened; one transaction's items (an accept's invitation and
        // membership) have no order between them, on DynamoDB as on the emulator.
        Map<String, List<String>> byResource = new LinkedHashMap<>();
        for (PutEventsRequestEntry entry : accepted) {
            assertEquals("org-invites", entry.source());
            assertEquals(bus, entry.eventBusName());
            EventSchemas.validate(entry.detailType(), entry.detail());
            JsonNode detail = detail(entry);
            assertEquals(org, detail.path("org_id").asText());
            byResource.computeIfAbsent(detail.at("/data/id").asText(), id -> new ArrayList<>())
                    .add(entry.detailType() + " " + detail.at("/actor/sub").asText("-"));
        }
        assertEquals(Map.of(
                ada.id(), List.of("org_invitation.created auth0|grace", "org_invitation.delivered -"),
                again.invite().id(), List.of("org_invitation.resent auth0|linus", "org_invitation.accepted auth0|ada"),
                member.id(), List.of("org_membership.created auth0|ada", "org_membership.updated auth0|root",
                        "org_membership.deleted auth0|root"),
                bob.id(), List.of("org_invitation.created auth0|grace", "org_invitation.cancelled auth0|linus"),
                added.id(), List.of("org_membership.created auth0|root")), byResource);
        assertEquals(10, accepted.size(), "one event a change, from " + records.size() + " records");

        JsonNode membershipCreated = accepted.stream().filter(e -> e.detailType().equals("org_membership.created"))
                .map(PublishEventsEmulatorTest::detail).findFirst().orElseThrow();
        assertEquals("Ada Lovelace", membershipCreated.at("/data/relationships/user/data/attributes/name").asText());
        assertEquals("Ada@Example.com",
                membershipCreated.at("/data/relationships/user/data/attributes/email").asText());
        JsonNode membershipDeleted = accepted.stream().filter(e -> e.detailType().equals("org_membership.deleted"))
                .map(PublishEventsEmulatorTest::detail).findFirst().orElseThrow();
        assertEquals("Ada Lovelace", membershipDeleted.at("/data/relationships/user/data/attributes/name").asText(),
                "the removal shows the membership as it was, names included");
        String logged = log.toString(StandardCharsets.UTF_8);
        assertEquals(records.size(), logged.lines().count(), "one line a record");
        assertFalse(logged.toLowerCase(java.util.Locale.ROOT).contains("example.com"), "no address in the log");

        // Lambda hands a batch over again (a retry, a replay): the same events, with the same ids.
        List<String> ids = accepted.stream().map(e -> detail(e).path("event_id").asText()).toList();
        accepted.clear();
        handler.handleRequest(event(records, streamArn), new LambdaContext(UUID.randomUUID().toString(), 30_000));
        assertEquals(ids, accepted.stream().map(e -> detail(e).path("event_id").asText()).toList());
    }
}
