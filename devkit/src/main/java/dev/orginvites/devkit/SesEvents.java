package dev.orginvites.devkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The events SES publishes about a message sent with a configuration set, as EventBridge delivers them from the
 * set's EventBridge destination: the envelope ({@code source} {@code aws.ses}, the {@code detail-type} SES names each
 * kind by) around the event record SES's developer guide documents ({@code eventType}, {@code mail} with the
 * message's tags, and the kind's own object). For the tests, and for the local API's mailbox simulator, which
 * answers SES's simulator addresses as SES does.
 */
public final class SesEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The domain of SES's mailbox simulator. */
    public static final String SIMULATOR_DOMAIN = "simulator.amazonses.com";

    /** What SES reports. */
    public enum Kind {
        /** A hard bounce: the recipient's server refused the address. */
        PERMANENT_BOUNCE("Email Bounced", "Bounce"),
        /** Not sent: the address is on the account's suppression list. */
        SUPPRESSED_BOUNCE("Email Bounced", "Bounce"),
        /** A soft bounce SES gave up on (a full mailbox). */
        TRANSIENT_BOUNCE("Email Bounced", "Bounce"),
        /** The recipient marked the message as spam. */
        COMPLAINT("Email Complaint Received", "Complaint"),
        /** SES accepted the message but would not send it. */
        REJECT("Email Rejected", "Reject"),
        /** The recipient's server has not taken the message yet. */
        DELIVERY_DELAY("Email Delivery Delayed", "DeliveryDelay");

        public final String detailType;
        public final String eventType;

        Kind(String detailType, String eventType) {
            this.detailType = detailType;
            this.eventType = eventType;
        }
    }

    private SesEvents() {
    }

    /**
     * What SES's mailbox simulator reports for a message to this address, if anything this project listens for:
     * {@code bounce@} a hard bounce, {@code complaint@} a complaint, {@code suppressionlist@} a bounce as if the
     * address were on the account's suppression list; {@code success@} and {@code ooto@} (a delivery, then an
     * automatic reply) report no bounce, complaint, reject or delay. A label after {@code +} is allowed, as SES allows
     * it ({@code bounce+ada@…}).
     */
    public static Optional<Kind> simulated(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 0 || !address.substring(at + 1).equalsIgnoreCase(SIMULATOR_DOMAIN)) {
            return Optional.empty();
        }
        String local = address.substring(0, at).toLowerCase(Locale.ROOT);
        int plus = local.indexOf('+');
        return switch (plus < 0 ? local : local.substring(0, plus)) {
            case "bounce" -> Optional.of(Kind.PERMANENT_BOUNCE);
            case "complaint" -> Optional.of(Kind.COMPLAINT);
            case "suppressionlist" -> Optional.of(Kind.SUPPRESSED_BOUNCE);
            default -> Optional.empty();
        };
    }

    /**
     * The event as EventBridge delivers it to a rule's target.
     *
     * @param tags the message's tags (SES gives each as a list of one value), with {@code ses:configuration-set}
     *     among them when it was sent with one, as SES adds it
     * @param sentAt the message's {@code mail.timestamp}
     * @param at when the kind's event happened (its own {@code timestamp})
     */
    public static String eventBridgeEvent(Kind kind, String messageId, Map<String, String> tags, String from,
            String recipient, Instant sentAt, Instant at) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", kind.detailType);
        event.put("source", "aws.ses");
        event.put("account", "123456789012");
        event.put("time", at.toString());
        event.put("region", DynamoEmulator.REGION);
        event.putArray("resources");
        event.set("detail", record(kind, messageId, tags, from, recipient, sentAt, at));
        return event.toString();
    }

    /** The event record SES publishes (the {@code detail} of {@link #eventBridgeEvent}). */
    public static ObjectNode record(Kind kind, String messageId, Map<String, String> tags, String from,
            String recipient, Instant sentAt, Instant at) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("eventType", kind.eventType);
        ObjectNode mail = detail.putObject("mail");
        mail.put("timestamp", sentAt.toString());
        mail.put("source", from);
        mail.put("sendingAccountId", "123456789012");
        mail.put("messageId", messageId);
        mail.putArray("destination").add(recipient);
        mail.put("headersTruncated", false);
        ObjectNode tagValues = mail.putObject("tags");
        tags.forEach((name, value) -> tagValues.putArray(name).add(value));
        String feedbackId = UUID.randomUUID() + "-000000";
        switch (kind) {
            case PERMANENT_BOUNCE, SUPPRESSED_BOUNCE, TRANSIENT_BOUNCE -> {
                ObjectNode bounce = detail.putObject("bounce");
                bounce.put("bounceType", kind == Kind.TRANSIENT_BOUNCE ? "Transient" : "Permanent");
                bounce.put("bounceSubType", switch (kind) {
                    case SUPPRESSED_BOUNCE -> "OnAccountSuppressionList";
                    case TRANSIENT_BOUNCE -> "MailboxFull";
                    default -> "General";
                });
                ArrayNode recipients = bounce.putArray("bouncedRecipients");
                recipients.addObject().put("emailAddress", recipient).put("action", "failed")
                        .put("status", kind == Kind.TRANSIENT_BOUNCE ? "4.2.2" : "5.1.1")
                        .put("diagnosticCode", kind == Kind.TRANSIENT_BOUNCE ? "smtp; 452 4.2.2 mailbox full"
                                : "smtp; 550 5.1.1 user unknown");
                bounce.put("timestamp", at.toString());
                bounce.put("feedbackId", feedbackId);
                bounce.put("reportingMTA", "dsn; " + SIMULATOR_DOMAIN);
            }
            case COMPLAINT -> {
                ObjectNode complaint = detail.putObject("complaint");
                complaint.putArray("complainedRecipients").addObject().put("emailAddress", recipient);
                complaint.put("timestamp", at.toString());
                complaint.put("feedbackId", feedbackId);
                complaint.put("userAgent", "Simulator");
                complaint.put("complaintFeedbackType", "abuse");
                complaint.put("arrivalDate", at.toString());
            }
            case REJECT -> detail.putObject("reject").put("reason", "Bad content");
            case DELIVERY_DELAY -> {
                ObjectNode delay = detail.putObject("deliveryDelay");
                delay.put("timestamp", at.toString());
                delay.put("delayType", "MailboxFull");
                delay.put("expirationTime", at.plusSeconds(3600).toString());
                delay.putArray("delayedRecipients").addObject().put("emailAddress", recipient)
                        .put("status", "4.2.2").put("diagnosticCode", "smtp; 452 4.2.2 mailbox full");
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        return detail;
    }
}
