package dev.orginvites.events;

import java.time.Instant;

/**
 * One event for the bus, made from one stream record.
 *
 * @param id the event's id ({@code detail.event_id}): derived from the stream record's {@code eventID}, so a retried
 *     or replayed record gives the same id, which consumers de-duplicate on
 * @param type its {@code detail-type}
 * @param time when the change happened (the item's own timestamp, or the record's for a TTL deletion)
 * @param orgId the org the change is in
 * @param subject the resource it is about ({@code org_invitation/<id>}, {@code org_membership/<id>}): events of one
 *     subject are published in the stream's order
 * @param detail the event's {@code detail}, a JSON object
 */
record OrgEvent(String id, EventType type, Instant time, String orgId, String subject, String detail) {
}
