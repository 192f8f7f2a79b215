package dev.orginvites.deliver;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.orginvites.deliver.DeliveryLog.Outcome;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.mail.MessageTags;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.EmailAddresses;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.StreamedInvite;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.store.dynamodb.StreamImages;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * {@code deliver-invites}: emails each new issue of an invitation (a create, or a resend's re-issue), woken by the
 * table's stream for inserts of {@code INVITE#} items only (the template's filter; anything else that arrives is
 * ignored all the same).
 *
 * <p>For each record: read the invitation as it is now (a consistent read); skip it when it is no longer pending,
 * when it has been re-issued since (its token nonce is not the record's), or when its delivery is already recorded;
 * otherwise send the message through SES v2 and record the delivery, on the condition that the issue is still the
 * same and still undelivered. The message names the org by its name in the directory, read once a batch for each
 * org it sends to (a batch is one org's, mostly: a rename shows from the next batch on), and the inviter by the name
 * the invitation kept. A retried batch therefore sends nothing twice, except a message SES accepted just
 * before the function failed to record it (see the README's Delivery).
 *
 * <p>A record that fails is reported in {@code batchItemFailures} and the rest of the batch goes on; Lambda retries
 * from the first failure (records after it that were sent are then skipped as delivered). Records the invocation has
 * no time left for are reported the same way, so a slow SES times out no record half-way.
 */
public final class DeliverInvitesHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** A record is started only with this much of the invocation left: more than one record's worst case. */
    static final long RESERVE_MILLIS = 20_000;
    private static final String INSERT = "INSERT";

    private final Invitations invitations;
    private final Directory directory;
    private final StreamedInvite.Reader images;
    private final SesV2Client ses;
    private final AcceptTokens tokens;
    private final DeliverySettings settings;
    private final Clock clock;
    private final DeliveryLog log;

    /**
     * Lambda's constructor: the table ({@code TABLE_NAME}, {@code AWS_REGION}, {@code INVITE_TTL}), the message
     * ({@code MAIL_FROM}, {@code ACCEPT_URL}) and the token secret ({@code TOKEN_SECRET_ID}) from the environment.
     * Nothing is read from any service here: the token keys are read on first use, after a SnapStart restore. This
     * constructor is the function's composition root, the one place that names the DynamoDB adapter.
     */
    public DeliverInvitesHandler() {
        TableSettings table = TableSettings.fromEnvironment();
        this.settings = DeliverySettings.from(System::getenv);
        DynamoTable store = DynamoTable.fromSettings(table);
        this.invitations = store.invitations();
        this.directory = store.directory();
        this.images = new StreamImages();
        this.ses = MailerClients.ses(table.region());
        this.tokens = new AcceptTokens(SecretsManagerTokenKeys.fromEnvironment(System::getenv, Clock.systemUTC()));
        this.clock = Clock.systemUTC();
        this.log = new DeliveryLog(System.out);
    }

    /**
     * Off Lambda (tests, the local API, benchmarks): on the invitations, the directory (the orgs' names), the reader
     * of the stream's images, SES client, token keys and clock given.
     */
    public DeliverInvitesHandler(Invitations invitations, Directory directory, StreamedInvite.Reader images,
            SesV2Client ses, AcceptTokens tokens, DeliverySettings settings, Clock clock, PrintStream log) {
        this.invitations = invitations;
        this.directory = directory;
        this.images = images;
        this.ses = ses;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
        this.log = new DeliveryLog(log);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        String awsRequestId = context == null ? null : context.getAwsRequestId();
        List<BatchItemFailure> failures = new ArrayList<>();
        Map<String, String> orgs = new HashMap<>();
        List<DynamodbStreamRecord> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        for (DynamodbStreamRecord record : records) {
            String sequenceNumber = record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
            long started = System.nanoTime();
            Optional<StreamedInvite> invite = insertedInvite(record);
            String orgId = invite.map(StreamedInvite::orgId).orElse(null);
            String inviteId = invite.map(StreamedInvite::inviteId).orElse(null);
            if (context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS) {
                failures.add(new BatchItemFailure(sequenceNumber));
                log.record(awsRequestId, sequenceNumber, orgId, inviteId, Outcome.NOT_ATTEMPTED, null, null, 0);
                continue;
            }
            try {
                Delivery delivery = invite.isEmpty() ? new Delivery(Outcome.IGNORED, null) : deliver(invite.get(), orgs);
                log.record(awsRequestId, sequenceNumber, orgId, inviteId, delivery.outcome(), delivery.messageId(),
                        null, micros(started));
            } catch (RuntimeException e) {
                failures.add(new BatchItemFailure(sequenceNumber));
                log.record(awsRequestId, sequenceNumber, orgId, inviteId, Outcome.FAILED, null, e, micros(started));
            }
        }
        return new StreamsEventResponse(failures);
    }

    private record Delivery(Outcome outcome, String messageId) {
    }

    /** @param orgs how each org this batch has sent to is named in the message, by org id */
    private Delivery deliver(StreamedInvite streamed, Map<String, String> orgs) {
        if (streamed.tokenNonce() == null) {
            return new Delivery(Outcome.NO_TOKEN, null);
        }
        Instant now = clock.instant();
        Optional<IssuedInvite> found = invitations.issued(streamed.orgId(), streamed.inviteId(), now);
        if (found.isEmpty()) {
            return new Delivery(Outcome.NOT_PENDING, null);
        }
        IssuedInvite issued = found.get();
        if (!streamed.tokenNonce().equals(issued.tokenNonce())) {
            return new Delivery(Outcome.SUPERSEDED, null);
        }
        if (issued.deliveredAt() != null) {
            return new Delivery(Outcome.ALREADY_DELIVERED, null);
        }
        if (issued.invite().failure() != null) {
            return new Delivery(Outcome.FAILED_BEFORE, null);
        }
        String link = settings.acceptLink(tokens.issue(streamed.orgId(), streamed.inviteId(), streamed.tokenNonce()));
        String role = issued.invite().roleName() == null ? issued.invite().roleId() : issued.invite().roleName();
        InvitationEmail email = InvitationEmail.compose(issued.invite().email(),
                orgs.computeIfAbsent(streamed.orgId(), this::orgAsNamed), issued.inviterName(), role,
                issued.expiresAt(), link);
        // SES takes a domain only in its ASCII (xn--) form; the invitation keeps the address as the inviter wrote it.
        String recipient = EmailAddresses.deliverable(issued.invite().email());
        String messageId = ses.sendEmail(message(recipient, email, streamed)).messageId();
        boolean recorded = invitations.recordDelivery(streamed.orgId(), streamed.inviteId(), streamed.tokenNonce(),
                messageId, clock.instant());
        return new Delivery(recorded ? Outcome.SENT : Outcome.SENT_NOT_RECORDED, messageId);
    }

    /** The org's name in the directory, or its id when it has none (or its id is no UUID, which no directory has). */
    private String orgAsNamed(String orgId) {
        return Ids.isUuid(orgId) ? directory.orgName(orgId).orElse(orgId) : orgId;
    }

    /**
     * The message, sent with the configuration set (when there is one) and tagged with the invitation's org and id,
     * which SES repeats in every event it reports about the message: what {@code record-feedback} finds the
     * invitation by.
     */
    private SendEmailRequest message(String recipient, InvitationEmail email, StreamedInvite invite) {
        return SendEmailRequest.builder()
                .fromEmailAddress(settings.mailFrom())
                .configurationSetName(settings.configurationSet())
                .emailTags(MessageTag.builder().name(MessageTags.ORG_ID).value(invite.orgId()).build(),
                        MessageTag.builder().name(MessageTags.INVITE_ID).value(invite.inviteId()).build())
                .destination(d -> d.toAddresses(recipient))
                .content(c -> c.simple(m -> m
                        .subject(s -> s.data(email.subject()).charset("UTF-8"))
                        .body(b -> b.text(t -> t.data(email.text()).charset("UTF-8"))
                                .html(h -> h.data(email.html()).charset("UTF-8")))))
                .build();
    }

    /** The invitation a record inserted, or empty for any other record. */
    private Optional<StreamedInvite> insertedInvite(DynamodbStreamRecord record) {
        if (!INSERT.equals(record.getEventName()) || record.getDynamodb() == null
                || record.getDynamodb().getNewImage() == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        return images.fromImage(name -> {
            AttributeValue value = image.get(name);
            return value == null ? null : value.getS();
        });
    }

    private static long micros(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1000;
    }
}
