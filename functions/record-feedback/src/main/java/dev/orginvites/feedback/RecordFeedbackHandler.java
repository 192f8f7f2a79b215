package dev.orginvites.feedback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.orginvites.feedback.FeedbackLog.Outcome;
import dev.orginvites.shared.store.DeliveryProblem.Recorded;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code record-feedback}: records on each invitation what SES reported about its email after accepting it, from
 * the queue the template's rule fills with the SES events of the sending configuration set (bounces, complaints,
 * rejects, delivery delays). A permanent bounce, a complaint or a reject fails the invitation; a transient bounce or
 * a delay is kept as its latest delay, and nothing more. SES and EventBridge deliver at least once and in no set
 * order: the store keeps the earliest failure and the latest delay, so a repeat or a late arrival changes nothing.
 *
 * <p>Each message is one event ({@link SesEvent}); the invitation is found by the tags the mailer sent the message
 * with. A message that is no such event, or names no invitation, is logged and dropped (a retry cannot mend it); an
 * event for an invitation that is gone is logged with its ids and dropped. A message that fails (DynamoDB did not
 * answer) is reported in {@code batchItemFailures}, so SQS delivers it again, and after the queue's last receive moves
 * it to the dead-letter queue; the rest of the batch goes on.
 */
public final class RecordFeedbackHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** A message is started only with this much of the invocation left: more than one message's worst case. */
    static final long RESERVE_MILLIS = 12_000;

    private final Invitations invitations;
    private final Clock clock;
    private final FeedbackLog log;

    /**
     * Lambda's constructor: the table from the environment ({@code TABLE_NAME}, {@code AWS_REGION},
     * {@code INVITE_TTL}); the function's composition root, the one place that names the DynamoDB adapter.
     */
    public RecordFeedbackHandler() {
        this(DynamoTable.fromEnvironment().invitations(), Clock.systemUTC(), System.out);
    }

    /** Off Lambda (tests, the local API): on the invitations and clock given, logging to {@code log}. */
    public RecordFeedbackHandler(Invitations invitations, Clock clock, PrintStream log) {
        this.invitations = invitations;
        this.clock = clock;
        this.log = new FeedbackLog(log);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        String awsRequestId = context == null ? null : context.getAwsRequestId();
        List<BatchItemFailure> failures = new ArrayList<>();
        List<SQSMessage> messages = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSMessage message : messages) {
            String id = message.getMessageId();
            if (context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS) {
                failures.add(new BatchItemFailure(id));
                log.record(awsRequestId, id, null, Outcome.NOT_ATTEMPTED, null, null);
                continue;
            }
            SesEvent ses;
            try {
                ses = SesEvent.parse(message.getBody());
            } catch (SesEvent.Unreadable e) {
                log.record(awsRequestId, id, null, Outcome.UNREADABLE, e.getMessage(), null);
                continue;
            } catch (RuntimeException e) {
                // a body no rule of SesEvent foresaw: dropped all the same, as a retry cannot mend it
                log.record(awsRequestId, id, null, Outcome.UNREADABLE, "the body is no event this function reads", e);
                continue;
            }
            try {
                log.record(awsRequestId, id, ses, record(ses), null, null);
            } catch (RuntimeException e) {
                failures.add(new BatchItemFailure(id));
                log.record(awsRequestId, id, ses, Outcome.FAILED, null, e);
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private Outcome record(SesEvent event) {
        if (event.problem() == null) {
            return Outcome.NOTHING_TO_RECORD;
        }
        Recorded recorded = event.permanent()
                ? invitations.recordFailure(event.orgId(), event.inviteId(), event.problem(), clock.instant())
                : invitations.recordDelay(event.orgId(), event.inviteId(), event.problem(), clock.instant());
        return switch (recorded) {
            case RECORDED -> event.permanent() ? Outcome.FAILED_RECORDED : Outcome.DELAY_RECORDED;
            case UNCHANGED -> Outcome.UNCHANGED;
            case NOT_PENDING -> Outcome.NOT_PENDING;
        };
    }
}
