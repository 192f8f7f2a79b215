package dev.orginvites.events;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * An EventBridge that answers PutEvents as the tests say: by default every entry published; or some entries failed
 * (with EventBridge's entry error codes, {@code FailedEntryCount} set), or the whole call refused (an exception, as a
 * throttled call is once the SDK's own retries are spent). It keeps every call it was asked to make.
 */
final class FakeEventBridge implements EventBridgeClient {
    final List<PutEventsRequest> calls = new ArrayList<>();
    /** What each call answers, given the call's number (from 1) and its request. */
    Answer answer = (call, request) -> published(request, entry -> null);

    interface Answer {
        PutEventsResponse answer(int call, PutEventsRequest request);
    }

    /** Every entry published, but those {@code errorCode} gives a code for. */
    static PutEventsResponse published(PutEventsRequest request, Function<PutEventsRequestEntry, String> errorCode) {
        List<PutEventsResultEntry> results = new ArrayList<>();
        int failed = 0;
        for (PutEventsRequestEntry entry : request.entries()) {
            String code = errorCode.apply(entry);
            if (code == null) {
                results.add(PutEventsResultEntry.builder().eventId(UUID.randomUUID().toString()).build());
            } else {
                failed++;
                results.add(PutEventsResultEntry.builder().errorCode(code).errorMessage("refused by the test").build());
            }
        }
        return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
    }

    /** Every entry the calls carried, in the order they were sent. */
    List<PutEventsRequestEntry> entries() {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        calls.forEach(call -> entries.addAll(call.entries()));
        return entries;
    }

    @Override
    public synchronized PutEventsResponse putEvents(PutEventsRequest request) {
        calls.add(request);
        return answer.answer(calls.size(), request);
    }

    @Override
    public String serviceName() {
        return "events";
    }

    @Override
    public void close() {
    }
}
