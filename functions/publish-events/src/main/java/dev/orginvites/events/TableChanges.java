package dev.orginvites.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.jsonapi.InvitationDocuments;
import dev.orginvites.shared.jsonapi.InvitationDocuments.FailureForm;
import dev.orginvites.shared.jsonapi.InvitationDocuments.RoleForm;
import dev.orginvites.shared.jsonapi.Json;
import dev.orginvites.shared.jsonapi.MembershipDocuments;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.UserNames;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which change of state a record of the table's stream is, and its event: exactly one record of each change gives an
 * event, every other record none.
 *
 * <p>One change often writes several items (a create: the invitation, its address guard and the org's quota; an
 * accept: the invitation removed, its guard removed, the user's record, the membership, its address index entry and
 * the audit record), so the event is read from the one record that says what happened and carries the most:
 *
 * <pre>
 *   INSERT INVITE#   without reissued_from   org_invitation.created     actor: invited_by
 *   INSERT INVITE#   with reissued_from      org_invitation.resent      actor: resent_by (previous_invite_id)
 *   MODIFY INVITE#   failed_at added         org_invitation.failed      (reason: failed_reason)
 *   MODIFY INVITE#   delivered_at added      org_invitation.delivered
 *   REMOVE INVITE#   by DynamoDB's TTL       org_invitation.expired     (userIdentity Service dynamodb.amazonaws.com)
 *   INSERT CANCELLED#                        org_invitation.cancelled   actor: cancelled_by
 *   INSERT ACCEPTED#                         org_invitation.accepted    actor: user_id (membership_id)
 *   INSERT MEMBER#                           org_membership.created     actor: user_id (an accept), invited_by (an add)
 *   MODIFY MEMBER#                           org_membership.updated     actor: role_changed_by
 *   INSERT REMOVED#                          org_membership.deleted     actor: removed_by
 * </pre>
 *
 * A user's removal of an invitation (a cancel, a resend's or an accept's) and of a membership is told by its audit
 * record, which names who did it; the removal's own record gives nothing. Guards, the quota, the directory, the
 * address index, idempotency keys and the resend's audit record give nothing; nor does any other modify of an
 * invitation (a transient delay, {@code delay_at}).
 *
 * <p>This reads the table's item layout (keys and attribute names), which is the DynamoDB adapter's
 * ({@code shared/…/store/dynamodb}): the tests drive the adapter itself on the emulator and read its records, so a
 * change to the layout that this does not follow fails them.
 */
final class TableChanges {
    private static final String INSERT = "INSERT";
    private static final String MODIFY = "MODIFY";
    private static final String REMOVE = "REMOVE";
    private static final String ORG = "ORG#";
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String basePath;

    /** @param basePath the path the API is served under ({@code BasePath}), which the resources' links start with */
    TableChanges(String basePath) {
        this.basePath = basePath == null ? "" : basePath;
    }

    /**
     * The event of a record, or empty when the record is not the one of a change that has one.
     *
     * @throws IllegalArgumentException when the record is one that has an event but lacks what it needs (an item
     *     written outside the store): the handler reports it rather than drop it
     */
    Optional<OrgEvent> eventOf(DynamodbStreamRecord record) {
        StreamRecord change = record.getDynamodb();
        if (change == null || change.getKeys() == null) {
            return Optional.empty();
        }
        String pk = string(change.getKeys(), "pk");
        String sk = string(change.getKeys(), "sk");
        if (pk == null || sk == null || !pk.startsWith(ORG) || pk.length() == ORG.length()) {
            return Optional.empty();
        }
        String orgId = pk.substring(ORG.length());
        String kind = sk.substring(0, sk.indexOf('#') + 1);
        Map<String, AttributeValue> now = change.getNewImage();
        Map<String, AttributeValue> before = change.getOldImage();
        String operation = record.getEventName();
        return switch (kind) {
            case "INVITE#" -> invitation(record, orgId, operation, now, before);
            case "CANCELLED#" -> INSERT.equals(operation) ? Optional.of(ended(record, EventType.INVITATION_CANCELLED,
                    orgId, now, "cancelled_by", "cancelled_at", null)) : Optional.empty();
            case "ACCEPTED#" -> INSERT.equals(operation) ? Optional.of(ended(record, EventType.INVITATION_ACCEPTED,
                    orgId, now, "user_id", "accepted_at", "membership_id")) : Optional.empty();
            case "MEMBER#" -> membership(record, orgId, operation, now);
            case "REMOVED#" -> INSERT.equals(operation) ? Optional.of(removed(record, orgId, now)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private Optional<OrgEvent> invitation(DynamodbStreamRecord record, String orgId, String operation,
            Map<String, AttributeValue> now, Map<String, AttributeValue> before) {
        if (INSERT.equals(operation)) {
            String previous = string(now, "reissued_from");
            Invite invite = invite(orgId, now);
            return Optional.of(previous == null
                    ? event(record, EventType.INVITATION_CREATED, orgId, instant(now, "created_at"),
                            string(now, "invited_by"), invitation(invite, true), null, null)
                    : event(record, EventType.INVITATION_RESENT, orgId, instant(now, "created_at"),
                            string(now, "resent_by"), invitation(invite, true), "previous_invite_id", previous));
        }
        if (MODIFY.equals(operation)) {
            if (added(now, before, "failed_at")) {
                return Optional.of(event(record, EventType.INVITATION_FAILED, orgId, instant(now, "failed_at"), null,
                        invitation(invite(orgId, now), true), "reason", required(now, "failed_reason")));
            }
            if (added(now, before, "delivered_at")) {
                return Optional.of(event(record, EventType.INVITATION_DELIVERED, orgId, instant(now, "delivered_at"),
                        null, invitation(invite(orgId, now), true), null, null));
            }
            return Optional.empty();
        }
        if (REMOVE.equals(operation) && byTimeToLive(record.getUserIdentity())) {
            Date removed = record.getDynamodb().getApproximateCreationDateTime();
            Instant at = removed != null ? removed.toInstant() : Instant.ofEpochSecond(number(before, "expires_at"));
            return Optional.of(event(record, EventType.INVITATION_EXPIRED, orgId, at, null,
                    invitation(invite(orgId, before), false), null, null));
        }
        return Optional.empty();
    }

    /** An invitation's end as its audit record (cancelled, accepted) tells it: no longer active. */
    private OrgEvent ended(DynamodbStreamRecord record, EventType type, String orgId, Map<String, AttributeValue> audit,
            String actor, String at, String extra) {
        Invite invite = new Invite(required(audit, "invite_id"), orgId, required(audit, "email"),
                required(audit, "role_id"), null);
        return event(record, type, orgId, instant(audit, at), required(audit, actor), invitation(invite, false),
                extra == null ? null : "membership_id", extra == null ? null : string(audit, extra));
    }

    private Optional<OrgEvent> membership(DynamodbStreamRecord record, String orgId, String operation,
            Map<String, AttributeValue> now) {
        if (INSERT.equals(operation)) {
            Membership membership = membership(orgId, now);
            String actor = membership.inviteId() != null ? membership.userId() : membership.invitedBy();
            return Optional.of(event(record, EventType.MEMBERSHIP_CREATED, orgId, membership.joinedAt(), actor,
                    membership(membership), null, null));
        }
        if (MODIFY.equals(operation)) {
            String changedAt = string(now, "role_changed_at");
            Date modified = record.getDynamodb().getApproximateCreationDateTime();
            Instant at = changedAt != null ? Instant.parse(changedAt)
                    : modified != null ? modified.toInstant() : Instant.EPOCH;
            return Optional.of(event(record, EventType.MEMBERSHIP_UPDATED, orgId, at, string(now, "role_changed_by"),
                    membership(membership(orgId, now)), null, null));
        }
        return Optional.empty();
    }

    /**
     * A membership's removal as its audit record tells it: what it was, with the names the membership had (a record
     * written before removals kept them has none).
     */
    private OrgEvent removed(DynamodbStreamRecord record, String orgId, Map<String, AttributeValue> audit) {
        return event(record, EventType.MEMBERSHIP_DELETED, orgId, instant(audit, "removed_at"),
                required(audit, "removed_by"), membership(membership(orgId, audit)), null, null);
    }

    private interface Resource {
        String subject();

        void write(JsonGenerator g) throws IOException;
    }

    /**
     * An invitation as the API's answers show it: Snyk's {@code org_invitation}, the role by its id (as the newest
     * release of create and resend answer it; every record that tells of an invitation carries the id, not all of
     * them the name), and a failed one's {@code failed_at} and {@code failed_reason} (as the newest release of the
     * read shows them).
     */
    private Resource invitation(Invite invite, boolean active) {
        return new Resource() {
            @Override
            public String subject() {
                return InvitationDocuments.INVITATION_TYPE + "/" + invite.id();
            }

            @Override
            public void write(JsonGenerator g) throws IOException {
                InvitationDocuments.resource(g, invite, RoleForm.ID, FailureForm.SHOWN, basePath, active);
            }
        };
    }

    /** A membership as the members list shows it (without the org's name, as the answers of an accept or an add). */
    private static Resource membership(Membership membership) {
        return new Resource() {
            @Override
            public String subject() {
                return MembershipDocuments.MEMBERSHIP_TYPE + "/" + membership.id();
            }

            @Override
            public void write(JsonGenerator g) throws IOException {
                MembershipDocuments.resource(g, membership, null);
            }
        };
    }

    private static OrgEvent event(DynamodbStreamRecord record, EventType type, String orgId, Instant time,
            String actor, Resource resource, String extraName, String extraValue) {
        String id = eventId(record);
        Instant at = time.truncatedTo(ChronoUnit.MILLIS);
        StringWriter detail = new StringWriter(512);
        try (JsonGenerator g = Json.FACTORY.createGenerator(detail)) {
            g.writeStartObject();
            g.writeStringField("event_id", id);
            g.writeStringField("time", MILLIS.format(at));
            g.writeStringField("org_id", orgId);
            if (actor != null) {
                g.writeObjectFieldStart("actor");
                g.writeStringField("sub", actor);
                g.writeEndObject();
            }
            if (extraName != null && extraValue != null) {
                g.writeStringField(extraName, extraValue);
            }
            g.writeFieldName("data");
            resource.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return new OrgEvent(id, type, at, orgId, resource.subject(), detail.toString());
    }

    /**
     * The event's id: a name-based UUID of the stream record's {@code eventID}, which Lambda hands over unchanged
     * however often it retries the record, so the same change always has the same id.
     */
    static String eventId(DynamodbStreamRecord record) {
        String eventId = record.getEventID();
        if (eventId == null || eventId.isEmpty()) {
            throw new IllegalArgumentException("a stream record without an eventID");
        }
        return UUID.nameUUIDFromBytes(("org-invites/" + eventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A deletion DynamoDB's TTL made: the record's user identity is the DynamoDB service. */
    static boolean byTimeToLive(Identity identity) {
        return identity != null && "Service".equals(identity.getType())
                && "dynamodb.amazonaws.com".equals(identity.getPrincipalId());
    }

    /** An invitation item's image as the API shows it: with its failure, when its email failed for good. */
    private static Invite invite(String orgId, Map<String, AttributeValue> image) {
        String failedAt = string(image, "failed_at");
        String failedReason = string(image, "failed_reason");
        DeliveryProblem failure = failedAt == null || failedReason == null ? null
                : new DeliveryProblem(failedReason, Instant.parse(failedAt));
        return new Invite(required(image, "invite_id"), orgId, required(image, "email"), required(image, "role_id"),
                string(image, "role_name"), failure);
    }

    private static Membership membership(String orgId, Map<String, AttributeValue> image) {
        return new Membership(required(image, "membership_id"), orgId, required(image, "user_id"),
                string(image, "email"), new UserNames(string(image, "user_name"), string(image, "username")),
                required(image, "role_id"), string(image, "role_name"), instant(image, "joined_at"),
                string(image, "invited_by"), string(image, "invite_id"));
    }

    private static boolean added(Map<String, AttributeValue> now, Map<String, AttributeValue> before, String name) {
        return string(now, name) != null && string(before, name) == null;
    }

    private static String string(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image == null ? null : image.get(name);
        return value == null ? null : value.getS();
    }

    private static String required(Map<String, AttributeValue> image, String name) {
        String value = string(image, name);
        if (value == null) {
            throw new IllegalArgumentException("the record's image has no " + name);
        }
        return value;
    }

    private static long number(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image == null ? null : image.get(name);
        if (value == null || value.getN() == null) {
            throw new IllegalArgumentException("the record's image has no " + name);
        }
        return Long.parseLong(value.getN());
    }

    private static Instant instant(Map<String, AttributeValue> image, String name) {
        return Instant.parse(required(image, name));
    }
}
