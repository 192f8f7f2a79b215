package dev.orginvites.feedback;

import com.fasterxml.jackson.core.JsonParser;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.jsonapi.Json;
import dev.orginvites.shared.mail.MessageTags;
import dev.orginvites.shared.store.DeliveryProblem;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One SES event about an invitation's email, read from what the template's rule puts on the queue: the event
 * EventBridge delivers ({@code source} {@code aws.ses}, {@code detail} the event SES publishes, as its developer
 * guide documents it). Only what recording needs is read; the recipients' addresses are never kept.
 *
 * @param type SES's {@code eventType} ({@code Bounce}, {@code Complaint}, {@code Reject}, {@code DeliveryDelay})
 * @param orgId the message's {@link MessageTags#ORG_ID} tag
 * @param inviteId the message's {@link MessageTags#INVITE_ID} tag
 * @param messageId SES's id of the message, for the log
 * @param problem what it tells: a failure when {@link #permanent}, else a delay; null when it tells nothing to
 *     record (a complaint its recipient marked not-spam)
 */
record SesEvent(String type, String orgId, String inviteId, String messageId, boolean permanent,
        DeliveryProblem problem) {

    /** A body that is not such an event, or one that names no invitation: dropped, as retrying cannot mend it. */
    static final class Unreadable extends Exception {
        Unreadable(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * @throws Unreadable saying why, in words that name no address: not JSON, not an SES event, an event type this
     *     function is not for, no org or invitation tag, or a time that is no time
     */
    static SesEvent parse(String body) throws Unreadable {
        Map<String, Object> event = object(read(body), "the body");
        Map<String, Object> detail = object(event.get("detail"), "detail");
        Map<String, Object> mail = object(detail.get("mail"), "detail.mail");
        String type = string(detail.get("eventType"), "detail.eventType");
        Map<String, Object> tags = object(mail.get("tags"), "detail.mail.tags");
        String orgId = id(tags, MessageTags.ORG_ID);
        String inviteId = id(tags, MessageTags.INVITE_ID);
        String messageId = string(mail.get("messageId"), "detail.mail.messageId");
        switch (type) {
            case "Bounce": {
                Map<String, Object> bounce = object(detail.get("bounce"), "detail.bounce");
                String bounceType = string(bounce.get("bounceType"), "detail.bounce.bounceType");
                String subType = word(bounce.get("bounceSubType"));
                Instant at = time(bounce.get("timestamp"), "detail.bounce.timestamp");
                if ("Permanent".equals(bounceType)) {
                    boolean suppressed = "Suppressed".equals(subType) || "OnAccountSuppressionList".equals(subType);
                    return new SesEvent(type, orgId, inviteId, messageId, true, new DeliveryProblem(
                            suppressed ? DeliveryProblem.SUPPRESSED : DeliveryProblem.BOUNCED, at));
                }
                if (!"Transient".equals(bounceType) && !"Undetermined".equals(bounceType)) {
                    throw new Unreadable("detail.bounce.bounceType is none of SES's");
                }
                // Transient, and Undetermined (SES could not tell): kept, as nothing says the address is bad.
                return new SesEvent(type, orgId, inviteId, messageId, false,
                        new DeliveryProblem(reason(bounceType, subType), at));
            }
            case "Complaint": {
                Map<String, Object> complaint = object(detail.get("complaint"), "detail.complaint");
                Instant at = time(complaint.get("timestamp"), "detail.complaint.timestamp");
                boolean notSpam = "not-spam".equals(complaint.get("complaintFeedbackType"));
                // SES accepted the message but did not send it: the address is on the suppression list.
                boolean suppressed = "OnAccountSuppressionList".equals(complaint.get("complaintSubType"));
                return new SesEvent(type, orgId, inviteId, messageId, true, suppressed
                        ? new DeliveryProblem(DeliveryProblem.SUPPRESSED, at)
                        : notSpam ? null : new DeliveryProblem(DeliveryProblem.COMPLAINED, at));
            }
            case "Reject":
                // A reject has no time of its own: SES decided it when it accepted the message.
                return new SesEvent(type, orgId, inviteId, messageId, true, new DeliveryProblem(
                        DeliveryProblem.REJECTED, time(mail.get("timestamp"), "detail.mail.timestamp")));
            case "DeliveryDelay": {
                Map<String, Object> delay = object(detail.get("deliveryDelay"), "detail.deliveryDelay");
                return new SesEvent(type, orgId, inviteId, messageId, false, new DeliveryProblem(
                        reason("delay", word(delay.get("delayType"))),
                        time(delay.get("timestamp"), "detail.deliveryDelay.timestamp")));
            }
            default:
                throw new Unreadable("an event of a type this function is not for");
        }
    }

    private static Object read(String body) throws Unreadable {
        if (body == null) {
            throw new Unreadable("no body");
        }
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            parser.nextToken();
            Object value = Json.readValue(parser);
            if (parser.nextToken() != null) {
                throw new Unreadable("the body is not one JSON value");
            }
            return value;
        } catch (IOException | IllegalStateException e) {
            throw new Unreadable("the body is not JSON");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where) throws Unreadable {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw new Unreadable(where + " is not an object");
    }

    private static String string(Object value, String where) throws Unreadable {
        if (value instanceof String text && !text.isEmpty()) {
            return text;
        }
        throw new Unreadable(where + " is not a string");
    }

    /** A tag's one value, which must be a UUID (SES gives each tag as a list of values). */
    private static String id(Map<String, Object> tags, String name) throws Unreadable {
        Object values = tags.get(name);
        if (values instanceof List<?> list && list.size() == 1 && list.get(0) instanceof String id && Ids.isUuid(id)) {
            return Ids.canonical(id);
        }
        throw new Unreadable("the message has no " + name + " tag naming one id");
    }

    private static Instant time(Object value, String where) throws Unreadable {
        try {
            return Instant.parse(string(value, where));
        } catch (DateTimeParseException e) {
            throw new Unreadable(where + " is not a time");
        }
    }

    /** One of SES's type words (e.g. {@code MailboxFull}), or {@code Other} for anything else. */
    private static String word(Object value) {
        return value instanceof String text && text.matches("[A-Za-z]{1,48}") ? text : "Other";
    }

    private static String reason(String kind, String subType) {
        return kind.toLowerCase(Locale.ROOT) + ":" + subType;
    }
}
