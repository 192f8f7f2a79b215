package dev.orginvites.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.orginvites.devkit.LambdaContext;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.devkit.SqsEvents;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Feeds a function from an SQS queue as Lambda's SQS event source mapping feeds it, with the mapping's settings as
 * template.yaml writes them: the queue polled for up to {@code BatchSize} messages (at most 10, as one receive
 * gives), handed over as the event JSON Lambda sends, read by the Lambda Java runtime's own deserializer; with
 * {@code ReportBatchItemFailures}, the messages the answer does not name are deleted and the ones it names are left to
 * be received again once their visibility timeout passes (and, past the queue's {@code maxReceiveCount}, moved to
 * its dead-letter queue by the queue, as SQS moves them); a handler that throws leaves the whole batch. Lambda
 * long-polls; the runner polls an empty queue four times a second instead, as the emulator's proxy forwards one
 * request at a time, and a receive held open would hold up every other call.
 */
final class QueueRunner implements AutoCloseable {
    private static final int MAX_RECEIVE = 10;
    static final Duration IDLE_POLL = Duration.ofMillis(250);
    private static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";

    private final SamTemplate.QueueSubscription subscription;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final PrintStream out;
    private final int batchSize;
    private final Thread thread;
    private volatile boolean running = true;

    /** @throws IllegalStateException for a mapping setting the runner cannot honour */
    QueueRunner(SamTemplate.QueueSubscription subscription, SqsClient sqs, String queueUrl, String queueArn,
            RequestHandler<SQSEvent, SQSBatchResponse> handler, PrintStream out) {
        Set<String> responseTypes = new HashSet<>();
        subscription.properties().path("FunctionResponseTypes").forEach(type -> responseTypes.add(type.asText()));
        if (!responseTypes.equals(Set.of(REPORT_BATCH_ITEM_FAILURES))) {
            throw new IllegalStateException(subscription.functionId() + "'s SQS event must report batch item "
                    + "failures: the local API runs it that way only");
        }
        this.subscription = subscription;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.handler = handler;
        this.out = out;
        this.batchSize = Math.min(MAX_RECEIVE, subscription.properties().path("BatchSize").asInt(MAX_RECEIVE));
        this.thread = new Thread(this::poll, "local-api-" + subscription.functionId());
        this.thread.setDaemon(true);
    }

    QueueRunner start() {
        thread.start();
        return this;
    }

    private void poll() {
        while (running) {
            try {
                List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(0).messageSystemAttributeNames(
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
                if (received.isEmpty()) {
                    pause(IDLE_POLL);
                } else {
                    deliver(received);
                }
            } catch (RuntimeException e) {
                if (running) {
                    out.println("{\"level\":\"ERROR\",\"message\":\"local_queue_runner\",\"function\":\""
                            + subscription.functionId() + "\",\"error\":\"" + e.getClass().getName() + "\"}");
                    pause(Duration.ofSeconds(1));
                }
            }
        }
    }

    private void deliver(List<Message> received) {
        List<SqsEvents.Message> batch = new ArrayList<>();
        for (Message message : received) {
            batch.add(new SqsEvents.Message(message.messageId(), message.receiptHandle(), message.body(),
                    Integer.parseInt(message.attributes().getOrDefault(
                            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"))));
        }
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(SqsEvents.event(queueArn, batch),
                    LambdaContext.invocation(subscription.functionId(), subscription.timeout()));
        } catch (RuntimeException e) {
            return; // the whole batch is received again after its visibility timeout
        }
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(failure -> failed.add(failure.getItemIdentifier()));
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : received) {
            if (!failed.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
