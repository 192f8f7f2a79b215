package dev.orginvites.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import dev.orginvites.events.PublishLog.Outcome;
import dev.orginvites.shared.jsonapi.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@code publish-events}: puts an event on the bus for each change of state of an invitation or a membership, read
 * from the table's stream (which records each a record of its own: {@link TableChanges} says which record of a change
 * is its event's). Only what committed reaches the stream, and no API function waits for any of this.
 *
 * <p>At least once, in the stream's order for each resource. Events go out in {@code PutEvents} calls of up to 10
 * entries, in the order of their records, never two of one resource in one call (a resource's later event waits for
 * a later call; other resources' events fill the call). {@code PutEvents} answers a partial failure (a throttled
 * or failed entry) with a {@code FailedEntryCount}, not an exception: the failed entries, and only they, are put again
 * after a backoff (with jitter), up to {@value #MAX_ATTEMPTS} times while the invocation has time. An entry that still
 * fails stops the batch: its record and every record after it are reported in {@code batchItemFailures}, so Lambda
 * retries from it (an event of the same resource is never published ahead of an earlier one that failed) and, once
 * its retries are spent, sends the batch's description to the on-failure queue. A retried record gives the same event
 * id, so what was published twice (an entry of a stopped call that had gone through) is told apart by consumers.
 */
public final class PublishEventsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** The most entries one PutEvents call takes. */
    static final int MAX_ENTRIES = 10;
    /** How often one entry is put within an invocation before its record is handed back to Lambda. */
    static final int MAX_ATTEMPTS = 5;
    /** A call is made only with this much of the invocation left: a call's worst case (5 s) and a margin. */
    static final long RESERVE_MILLIS = 6_000;
    static final long FIRST_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 1_000;

    /** Waits between attempts (the tests' does not). */
    public interface Backoff {
        void sleep(long millis) throws InterruptedException;
    }

    private final EventBridgeClient events;
    private final EventSettings settings;
    private final TableChanges changes;
    private final PublishLog log;
    private final Backoff backoff;

    /**
     * Lambda's constructor: the bus ({@code EVENT_BUS}), the base path ({@code BASE_PATH}) and the region
     * ({@code AWS_REGION}) from the environment. Nothing is called here; the publisher reads nothing from the table.
     */
    public PublishEventsHandler() {
        this(EventClients.events(System.getenv("AWS_REGION")), EventSettings.from(System::getenv), System.out,
                Thread::sleep);
    }

    /** Off Lambda (tests, the local API, benchmarks): on the EventBridge client, settings, log and backoff given. */
    public PublishEventsHandler(EventBridgeClient events, EventSettings settings, PrintStream log, Backoff backoff) {
        this.events = events;
        this.settings = settings;
        this.changes = new TableChanges(settings.basePath());
        this.log = new PublishLog(log);
        this.backoff = backoff;
    }

    /** One record of the batch: its event, once read, and what became of it. */
    private static final class Item {
        final String sequenceNumber;
        OrgEvent event;
        Outcome outcome = Outcome.NOT_ATTEMPTED;
        int attempts;
        String error;
        String errorCode;
        long started = System.nanoTime();
        long micros;

        Item(String sequenceNumber) {
            this.sequenceNumber = sequenceNumber;
        }
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        String awsRequestId = context == null ? null : context.getAwsRequestId();
        List<DynamodbStreamRecord> records = event == null || event.getRecords() == null ? List.of()
                : event.getRecords();
        List<Item> items = new ArrayList<>(records.size());
        List<Item> toPublish = new ArrayList<>();
        boolean unreadable = false;
        for (DynamodbStreamRecord record : records) {
            Item item = new Item(record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber());
            items.add(item);
            if (unreadable) {
                continue; // handed back with the record that could not be read
            }
            try {
                Optional<OrgEvent> read = changes.eventOf(record);
                if (read.isPresent()) {
                    item.event = read.get();
                    toPublish.add(item);
                } else {
                    item.outcome = Outcome.NO_EVENT;
                    item.micros = micros(item.started);
                }
            } catch (RuntimeException e) {
                item.outcome = Outcome.FAILED;
                item.error = e.getClass().getName();
                unreadable = true; // this record and every one after it go back to Lambda
            }
        }
        List<Item> remaining = new ArrayList<>(toPublish);
        while (!remaining.isEmpty()) {
            List<Item> call = nextCall(remaining);
            if (!publish(call, context)) {
                break;
            }
            remaining.removeAll(call);
        }
        List<BatchItemFailure> failures = new ArrayList<>();
        boolean stopped = false;
        for (Item item : items) {
            if (item.outcome == Outcome.FAILED || item.outcome == Outcome.NOT_ATTEMPTED) {
                stopped = true;
            }
            if (stopped) {
                // Lambda retries from the first of these; one that went through in the call that failed is
                // published again then, with the same event id.
                if (item.outcome == Outcome.NO_EVENT) {
                    item.outcome = Outcome.NOT_ATTEMPTED;
                }
                failures.add(new BatchItemFailure(item.sequenceNumber));
            }
            log.record(awsRequestId, item.sequenceNumber, item.event, item.outcome, item.attempts, item.error,
                    item.errorCode, item.micros);
        }
        return new StreamsEventResponse(failures);
    }

    /**
     * The next call's entries: up to 10 of the events not yet published, in the records' order, each resource's
     * first only; its later ones wait for a later call, so a call never holds one resource twice and none of a
     * resource's events goes out before the one ahead of it has. Other resources' events may go ahead: order is kept
     * per resource, as the stream keeps it, and the calls stay full.
     */
    private static List<Item> nextCall(List<Item> remaining) {
        List<Item> call = new ArrayList<>(MAX_ENTRIES);
        Set<String> taken = new HashSet<>();
        for (Item item : remaining) {
            if (call.size() == MAX_ENTRIES) {
                break;
            }
            if (taken.add(item.event.subject())) {
                call.add(item);
            }
        }
        return call;
    }

    /**
     * Puts these entries, then again the ones that failed, until all are published or the attempts or the time run
     * out; the entries that never went through are marked failed.
     *
     * @return whether every one was published
     */
    private boolean publish(List<Item> call, Context context) {
        List<Item> pending = call;
        for (int attempt = 1; ; attempt++) {
            if (context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS) {
                pending.forEach(item -> item.error = item.error == null ? "out_of_time" : item.error);
                return failed(pending);
            }
            List<Item> failed = new ArrayList<>();
            try {
                PutEventsResponse answer = events.putEvents(PutEventsRequest.builder().entries(entries(pending))
                        .build());
                List<PutEventsResultEntry> results = answer.entries();
                for (int i = 0; i < pending.size(); i++) {
                    Item item = pending.get(i);
                    item.attempts = attempt;
                    PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
                    if (result == null || result.errorCode() != null || result.eventId() == null) {
                        item.errorCode = result == null ? "NoResultEntry" : result.errorCode();
                        failed.add(item);
                    } else {
                        item.outcome = Outcome.PUBLISHED;
                        item.error = null;
                        item.errorCode = null;
                        item.micros = micros(item.started);
                    }
                }
            } catch (SdkException e) {
                for (Item item : pending) {
                    item.attempts = attempt;
                    item.error = e.getClass().getName();
                    item.errorCode = Json.serviceErrorCode(e);
                }
                failed.addAll(pending);
            }
            if (failed.isEmpty()) {
                return true;
            }
            pending = failed;
            if (attempt >= MAX_ATTEMPTS) {
                return failed(pending);
            }
            long ceiling = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 1));
            long wait = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
            if (context != null && context.getRemainingTimeInMillis() < RESERVE_MILLIS + wait) {
                return failed(pending);
            }
            try {
                backoff.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(pending);
            }
        }
    }

    private static boolean failed(List<Item> pending) {
        // The first entry that never went through stops the batch; the ones after it are handed back with it.
        Item first = pending.get(0);
        first.outcome = Outcome.FAILED;
        first.micros = micros(first.started);
        return false;
    }

    private List<PutEventsRequestEntry> entries(List<Item> items) {
        List<PutEventsRequestEntry> entries = new ArrayList<>(items.size());
        for (Item item : items) {
            entries.add(PutEventsRequestEntry.builder()
                    .eventBusName(settings.eventBus())
                    .source(EventType.SOURCE)
                    .detailType(item.event.type().detailType())
                    .time(item.event.time())
                    .detail(item.event.detail())
                    .build());
        }
        return entries;
    }

    private static long micros(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1000;
    }
}
