package dev.orginvites.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * What the publisher put on the bus, kept for a person or a test to read ({@code GET /_local/events}): an interceptor
 * on the EventBridge client the local publisher uses, which records each entry of a {@code PutEvents} that
 * EventBridge (the emulator) accepted, oldest first, as a rule's target would receive it: the event's id (the one
 * EventBridge gave it), {@code detail-type}, {@code source}, {@code time} and {@code detail}.
 */
final class EventLog implements ExecutionInterceptor {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as the log shows it. */
    record Event(String id, String detailType, String source, Instant time, JsonNode detail) {
    }

    private final List<Event> events = new ArrayList<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutEventsRequest request
                && context.response() instanceof PutEventsResponse response) {
            add(request, response);
        }
    }

    private synchronized void add(PutEventsRequest request, PutEventsResponse response) {
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < request.entries().size() && i < results.size(); i++) {
            PutEventsResultEntry result = results.get(i);
            if (result.eventId() == null || result.errorCode() != null) {
                continue; // not published: the publisher puts it again
            }
            PutEventsRequestEntry entry = request.entries().get(i);
            JsonNode detail;
            try {
                detail = JSON.readTree(entry.detail());
            } catch (IOException e) {
                detail = JSON.getNodeFactory().textNode(entry.detail());
            }
            events.add(new Event(result.eventId(), entry.detailType(), entry.source(),
                    entry.time() == null ? Instant.now() : entry.time(), detail));
        }
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /**
     * {@code {"events": [{"id", "detail-type", "source", "time", "detail"}]}}, oldest first.
     *
     * @param email null for every event, or only those whose resource carries this address exactly (an invitation's,
     *     or a member's), so that a script reads its own invitee's events and never an earlier run's
     */
    synchronized String json(String email) {
        ObjectNode document = JSON.createObjectNode();
        ArrayNode list = document.putArray("events");
        for (Event event : events) {
            if (email != null && !email.equals(addressOf(event.detail()))) {
                continue;
            }
            ObjectNode json = list.addObject();
            json.put("id", event.id());
            json.put("detail-type", event.detailType());
            json.put("source", event.source());
            json.put("time", event.time().truncatedTo(ChronoUnit.SECONDS).toString());
            json.set("detail", event.detail());
        }
        return document.toString();
    }

    private static String addressOf(JsonNode detail) {
        JsonNode invitation = detail.at("/data/attributes/email");
        return invitation.isTextual() ? invitation.asText()
                : detail.at("/data/relationships/user/data/attributes/email").asText(null);
    }
}
