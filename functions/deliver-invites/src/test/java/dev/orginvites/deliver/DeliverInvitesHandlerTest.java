package dev.orginvites.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.LambdaContext;
import dev.orginvites.devkit.SentEmails.Sent;
import dev.orginvites.shared.mail.MessageTags;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Role;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.store.dynamodb.StreamImages;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.shared.token.AcceptToken;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * The mailer through {@code handleRequest}, fed the real records of the table's stream on the emulator (as Lambda's
 * event source mapping feeds it), sending through the emulator's SES v2.
 */
@EmulatorTest
class DeliverInvitesHandlerTest {
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mailer mailer = new Mailer();
    private final SesV2Client ses = mailer.ses();
    private final DeliverInvitesHandler handler = mailer.handler(ses);
    private final LambdaContext context = new LambdaContext(UUID.randomUUID().toString(), 60_000);

    private Invite invite(String email) {
        return mailer.fixture.invitations.create(mailer.fixture.org, email, mailer.fixture.developer, "inviter",
                mailer.fixture.clock.instant());
    }

    private IssuedInvite issued(String inviteId) {
        return mailer.fixture.invitations.issued(mailer.fixture.org, inviteId, mailer.fixture.clock.instant()).orElseThrow();
    }

    private static List<String> failed(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(BatchItemFailure::getItemIdentifier).toList();
    }

    /** The accept link of a message moto kept (its HTML body), as a mail client would follow it. */
    private static String link(Sent message) {
        Matcher href = HREF.matcher(message.body());
        assertTrue(href.find(), message.body());
        return href.group(1).replace("&amp;", "&").replace("&#38;", "&");
    }

    private static AcceptToken token(String link) {
        String query = URI.create(link).getRawQuery();
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("token=")) {
                return AcceptToken.decode(URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8))
                        .orElseThrow(() -> new AssertionError("not a token: " + link));
            }
        }
        throw new AssertionError("no token in " + link);
    }

    @Test
    void sendsEachNewInvitationWithAnAcceptLinkWhoseTokenVerifiesAndRecordsItsDelivery() {
        Invite ada = invite(mailer.address("ada"));
        Invite bob = invite(mailer.address("Bob"));

        StreamsEventResponse response = handler.handleRequest(mailer.filteredEvent(), context);

        assertEquals(List.of(), failed(response));
        List<Sent> sent = mailer.sent();
        assertEquals(2, sent.size(), sent.toString());
        for (Invite invite : List.of(ada, bob)) {
            Sent message = sent.stream().filter(m -> m.to().equals(List.of(invite.email()))).findFirst()
                    .orElseThrow(() -> new AssertionError("nothing sent to " + invite.email()));
            IssuedInvite issued = issued(invite.id());
            assertEquals(Mailer.FROM, message.from());
            assertTrue(message.subject().contains(mailer.fixture.org), message.subject());
            assertTrue(message.body().contains("Developer"), message.body());
            assertTrue(message.body().contains(mailer.fixture.org), message.body());
            assertTrue(message.body().contains(InvitationEmail.expiry(issued.expiresAt())), message.body());
            String link = link(message);
            assertTrue(link.startsWith("https://app.example.com/accept?from=mail&token="), link);
            AcceptToken token = token(link);
            assertEquals(mailer.fixture.org, token.orgId());
            assertEquals(invite.id(), token.inviteId());
            assertTrue(mailer.tokens.verify(token, issued.tokenNonce()), "the link's token verifies");
            assertNotNull(issued.deliveredAt(), "the delivery is recorded");
        }
    }

    /**
     * The message names the org by its directory name and the inviter by the name the invitation kept, else the org by
     * its id and the inviter not at all; the org's name is read once for the batch, not once a message.
     */
    @Test
    void namesTheOrgAndTheInviterWhenTheyHaveNamesReadingTheOrgsNameOnceABatch() {
        Fixture fixture = mailer.fixture;
        Invite unnamed = invite(mailer.address("before"));
        assertEquals(List.of(), failed(handler.handleRequest(mailer.filteredEvent(), context)));
        fixture.directory.nameOrg(fixture.org, "Acme <R&D>");
        Invite fromGrace = fixture.invitations.create(fixture.org, mailer.address("ada"), fixture.developer,
                "auth0|grace", new UserNames("Grace \"Amazing\" Hopper", "grace"), fixture.clock.instant());
        Invite fromNobody = invite(mailer.address("bob"));
        AtomicInteger reads = new AtomicInteger();
        Directory counted = new Directory() {
            @Override
            public void putRole(String orgId, String roleId, String name) {
                throw new AssertionError("the mailer writes no role");
            }

            @Override
            public List<Role> roles(String orgId) {
                throw new AssertionError("the mailer reads no role");
            }

            @Override
            public boolean removeRole(String orgId, String roleId) {
                throw new AssertionError("the mailer removes no role");
            }

            @Override
            public void nameOrg(String orgId, String name) {
                throw new AssertionError("the mailer names no org");
            }

            @Override
            public void setInviteQuota(String orgId, int invitesPerDay) {
                throw new AssertionError("the mailer sets no quota");
            }

            @Override
            public void clearInviteQuota(String orgId) {
                throw new AssertionError("the mailer clears no quota");
            }

            @Override
            public Optional<Integer> inviteQuota(String orgId) {
                throw new AssertionError("the mailer reads no quota");
            }

            @Override
            public Optional<String> orgName(String orgId) {
                reads.incrementAndGet();
                return fixture.directory.orgName(orgId);
            }
        };

        StreamsEventResponse response = mailer.handler(ses, counted).handleRequest(mailer.filteredEvent(), context);

        assertEquals(List.of(), failed(response));
        assertEquals(1, reads.get(), "one read of the org's name for the batch's two messages");
        Map<String, Sent> sent = new HashMap<>();
        mailer.sent().forEach(m -> sent.put(m.to().get(0), m));
        assertEquals("You are invited to join organization " + fixture.org, sent.get(unnamed.email()).subject());
        assertEquals("Grace \"Amazing\" Hopper invited you to join organization Acme <R&D>",
                sent.get(fromGrace.email()).subject());
        assertTrue(sent.get(fromGrace.email()).body().contains("<strong>Grace &#34;Amazing&#34; Hopper</strong> has "
                + "invited you to join the organization <strong>Acme &lt;R&amp;D&gt;</strong>"),
                sent.get(fromGrace.email()).body());
        assertEquals("You are invited to join organization Acme <R&D>", sent.get(fromNobody.email()).subject());
    }

    @Test
    void anInternationalizedDomainIsSentToItsAsciiFormAndTheLocalPartAsWritten() {
        String local = "Ada+" + mailer.fixture.org;
        invite(local + "@B\u00FCcher.example");

        StreamsEventResponse response = handler.handleRequest(mailer.filteredEvent(), context);

        assertEquals(List.of(), failed(response));
        List<Sent> sent = mailer.sent();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(List.of(local + "@xn--bcher-kva.example"), sent.get(0).to());
    }

    @Test
    void aReplayedBatchSendsNothingMore() {
        invite(mailer.address("ada"));
        invite(mailer.address("bob"));
        DynamodbEvent event = mailer.filteredEvent();
        handler.handleRequest(event, context);

        StreamsEventResponse again = handler.handleRequest(event, context);

        assertEquals(List.of(), failed(again));
        assertEquals(2, mailer.sent().size(), mailer.sent().toString());
        assertTrue(mailer.log().contains("\"outcome\":\"already_delivered\""), mailer.log());
    }

    /**
     * Every message goes through the configuration set, tagged with its invitation's org and id, which SES repeats in
     * each bounce or complaint: what record-feedback finds the invitation by.
     */
    @Test
    void eachMessageGoesThroughTheConfigurationSetTaggedWithItsInvitation() {
        Invite ada = invite(mailer.address("ada"));
        List<SendEmailRequest> requests = new ArrayList<>();
        ExecutionInterceptor watch = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof SendEmailRequest request) {
                    requests.add(request);
                }
            }
        };
        DeliverInvitesHandler configured = new DeliverInvitesHandler(mailer.fixture.invitations,
                mailer.fixture.directory, new StreamImages(), mailer.ses(watch), mailer.tokens,
                new DeliverySettings(Mailer.FROM, Mailer.ACCEPT_URL, "org-invites-sending"), mailer.fixture.clock,
                System.out);

        assertEquals(List.of(), failed(configured.handleRequest(mailer.filteredEvent(), context)));

        assertEquals(1, requests.size());
        assertEquals("org-invites-sending", requests.get(0).configurationSetName());
        Map<String, String> tags = new HashMap<>();
        requests.get(0).emailTags().forEach(tag -> tags.put(tag.name(), tag.value()));
        assertEquals(Map.of(MessageTags.ORG_ID, mailer.fixture.org, MessageTags.INVITE_ID, ada.id()), tags);
    }

    /**
     * A failure reported for a send whose delivery was not recorded (the function stopped between the two) leaves a
     * failed invitation undelivered: the retried record does not send it again.
     */
    @Test
    void aFailedInvitationIsNeverSentAgain() {
        Invite ada = invite(mailer.address("ada"));
        mailer.fixture.invitations.recordFailure(mailer.fixture.org, ada.id(),
                new DeliveryProblem(DeliveryProblem.BOUNCED, mailer.fixture.clock.instant()),
                mailer.fixture.clock.instant());

        StreamsEventResponse response = handler.handleRequest(mailer.filteredEvent(), context);

        assertEquals(List.of(), failed(response));
        assertEquals(List.of(), mailer.sent());
        assertTrue(mailer.log().contains("\"outcome\":\"failed_before\""), mailer.log());
    }

    @Test
    void aCancelledInvitationSendsNothing() {
        Invite ada = invite(mailer.address("ada"));
        assertTrue(mailer.fixture.invitations.cancel(mailer.fixture.org, ada.id(), "admin", mailer.fixture.clock.instant()));

        StreamsEventResponse response = handler.handleRequest(mailer.filteredEvent(), context);

        assertEquals(List.of(), failed(response));
        assertEquals(List.of(), mailer.sent());
        assertTrue(mailer.log().contains("\"outcome\":\"not_pending\""), mailer.log());
    }

    @Test
    void aReissuedInvitationSendsOnlyItsNewIssue() {
        Invite first = invite(mailer.address("ada"));
        mailer.fixture.clock.advance(Duration.ofMinutes(6));
        IssuedInvite reissued = mailer.fixture.invitations.resend(mailer.fixture.org, first.id(), "admin",
                Duration.ofMinutes(5), mailer.fixture.clock.instant()).orElseThrow();

        StreamsEventResponse response = handler.handleRequest(mailer.filteredEvent(), context);

        assertEquals(List.of(), failed(response));
        List<Sent> sent = mailer.sent();
        assertEquals(1, sent.size(), sent.toString());
        AcceptToken token = token(link(sent.get(0)));
        assertEquals(reissued.invite().id(), token.inviteId());
        assertTrue(mailer.tokens.verify(token, reissued.tokenNonce()));
        assertNotNull(issued(reissued.invite().id()).deliveredAt());
    }

    @Test
    void anSesFailureFailsOnlyItsRecordAndTheRetrySendsOnlyThatOne() {
        Invite ada = invite(mailer.address("ada"));
        Invite refused = invite(mailer.address("refused"));
        Invite cy = invite(mailer.address("cy"));
        DynamodbEvent event = mailer.filteredEvent();
        String refusedSequence = event.getRecords().stream()
                .filter(r -> r.getDynamodb().getKeys().get("sk").getS().equals("INVITE#" + refused.id()))
                .findFirst().orElseThrow().getDynamodb().getSequenceNumber();

        StreamsEventResponse response = mailer.handler(mailer.ses(new UnverifiedSenderFor(refused.email())))
                .handleRequest(event, context);

        assertEquals(List.of(refusedSequence), failed(response));
        assertEquals(2, mailer.sent().size(), mailer.sent().toString());
        assertNotNull(issued(ada.id()).deliveredAt());
        assertNull(issued(refused.id()).deliveredAt());
        assertNotNull(issued(cy.id()).deliveredAt());
        JsonNode failure = lines().stream().filter(l -> "failed".equals(l.path("outcome").asText())).findFirst()
                .orElseThrow(() -> new AssertionError(mailer.log()));
        assertEquals(refused.id(), failure.path("invite_id").asText());
        assertEquals("MessageRejected", failure.path("error_code").asText());
        assertTrue(failure.path("error").asText().endsWith("Exception"), failure.toString());

        StreamsEventResponse retry = handler.handleRequest(event, context);

        assertEquals(List.of(), failed(retry));
        List<Sent> sent = mailer.sent();
        assertEquals(3, sent.size(), sent.toString());
        assertEquals(1, sent.stream().filter(m -> m.to().equals(List.of(refused.email()))).count());
    }

    @Test
    void recordsTheFilterWouldDropAreIgnored() {
        Invite ada = invite(mailer.address("ada"));
        handler.handleRequest(mailer.filteredEvent(), context);
        mailer.fixture.directory.putRole(mailer.fixture.org, UUID.randomUUID().toString(), "Viewer");
        mailer.fixture.invitations.cancel(mailer.fixture.org, ada.id(), "admin", mailer.fixture.clock.instant());

        // everything the stream holds: the roles' and the guard's inserts, the delivery's MODIFY, the cancel's REMOVEs
        StreamsEventResponse response = handler.handleRequest(mailer.event(mailer.records()), context);

        assertEquals(List.of(), failed(response));
        assertEquals(1, mailer.sent().size(), mailer.sent().toString());
        assertTrue(mailer.log().contains("\"outcome\":\"ignored\""), mailer.log());
    }

    @Test
    void recordsThereIsNoTimeLeftForAreLeftForTheRetry() {
        invite(mailer.address("ada"));
        DynamodbEvent event = mailer.filteredEvent();

        StreamsEventResponse response = handler.handleRequest(event,
                new LambdaContext("late", (int) DeliverInvitesHandler.RESERVE_MILLIS - 1));

        assertEquals(List.of(event.getRecords().get(0).getDynamodb().getSequenceNumber()), failed(response));
        assertEquals(List.of(), mailer.sent());
    }

    @Test
    void logsOneLinePerRecordWithIdsAndNeverAnAddressOrAToken() {
        List<Invite> invites = List.of(invite(mailer.address("ada")), invite(mailer.address("refused")));
        DynamodbEvent event = mailer.filteredEvent();
        mailer.handler(mailer.ses(new UnverifiedSenderFor(invites.get(1).email()))).handleRequest(event, context);
        handler.handleRequest(event, context);

        List<JsonNode> lines = lines();
        assertEquals(4, lines.size(), mailer.log());
        for (JsonNode line : lines) {
            assertEquals(context.awsRequestId(), line.path("aws_request_id").asText(), line.toString());
            assertEquals(mailer.fixture.org, line.path("org_id").asText(), line.toString());
            assertFalse(line.path("invite_id").asText().isEmpty(), line.toString());
            assertFalse(line.path("sequence_number").asText().isEmpty(), line.toString());
        }
        String log = mailer.log();
        for (Sent message : mailer.sent()) {
            String link = link(message);
            assertFalse(log.contains(token(link).encode()), "a token is logged");
            assertFalse(log.contains(link), "a link is logged");
        }
        for (Invite invite : invites) {
            assertFalse(log.contains(invite.email()), "an address is logged");
            assertFalse(log.contains("@"), "something address-like is logged: " + log);
            assertFalse(log.contains(issued(invite.id()).tokenNonce()), "a token nonce is logged");
        }
    }

    private List<JsonNode> lines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : mailer.log().split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (java.io.IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }

    /**
     * SES refusing one recipient's message, for real: its request is sent from an address SES has not verified, which
     * SES (moto) rejects with {@code MessageRejected}.
     */
    private record UnverifiedSenderFor(String recipient) implements ExecutionInterceptor {
        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendEmailRequest send
                    && send.destination().toAddresses().contains(recipient)) {
                return send.toBuilder().fromEmailAddress("nobody@unverified.invalid").build();
            }
            return context.request();
        }
    }
}
