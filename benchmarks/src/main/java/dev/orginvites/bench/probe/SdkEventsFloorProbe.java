package dev.orginvites.bench.probe;

import dev.orginvites.events.EventClients;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * The event publisher's own SDK floor: its EventBridge client built exactly as it builds it, then the one call its
 * first batch of one record makes, with none of its code: a PutEvents of one entry with a fixed detail of the size of
 * a membership's event. Status: 200, or 500 when the entry failed.
 */
public final class SdkEventsFloorProbe {
    private static final String DETAIL = "{\"event_id\":\"5b1c6c2e-2f0a-3c4d-9e8f-0a1b2c3d4e5f\",\"time\":"
            + "\"2026-12-04T09:40:00.123Z\",\"org_id\":\"9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c\",\"actor\":{\"sub\":"
            + "\"auth0|cold-start\"},\"data\":{\"id\":\"0193a1b2-0000-7000-8000-0000000000aa\",\"type\":"
            + "\"org_membership\",\"attributes\":{\"created_at\":\"2026-12-04T09:40:00.123Z\"},\"relationships\":"
            + "{\"org\":{\"data\":{\"id\":\"9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c\",\"type\":\"org\",\"attributes\":{}}},"
            + "\"role\":{\"data\":{\"id\":\"f1968726-1dca-42d4-a4dc-80cab99e2b6c\",\"type\":\"org_role\","
            + "\"attributes\":{\"name\":\"Developer\"}}},\"user\":{\"data\":{\"id\":\"auth0|cold-start\",\"type\":"
            + "\"user\",\"attributes\":{\"name\":\"Cold Start\",\"email\":\"cold-start@example.com\"}}}}}}";

    private SdkEventsFloorProbe() {
    }

    public static void main(String[] args) throws Exception {
        long main = Report.micros();
        EventBridgeClient events = EventClients.events(System.getenv("AWS_REGION"));
        long ready = Report.micros();
        PutEventsResponse response = events.putEvents(r -> r.entries(e -> e.eventBusName(System.getenv("EVENT_BUS"))
                .source("org-invites").detailType("org_membership.created").detail(DETAIL)));
        long done = Report.micros();
        Report.print(main, ready, done, response.failedEntryCount() == 0 ? 200 : 500);
    }
}
