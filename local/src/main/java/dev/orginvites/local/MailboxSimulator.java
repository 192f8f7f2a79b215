package dev.orginvites.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.devkit.SesEvents;
import dev.orginvites.shared.mail.MessageTags;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/**
 * SES's mailbox simulator, for the local mailer's SES client (moto accepts every message and reports nothing): after
 * SES accepted a message to one of the simulator's addresses ({@link SesEvents#simulated}), the event SES would
 * publish through the message's configuration set is put on the emulator's default EventBridge bus, as SES's
 * EventBridge destination puts it, if the template's event destination for that set is enabled, publishes to
 * EventBridge and matches that kind of event ({@link #publishedKinds}). From there the template's own rule takes it to
 * record-feedback's queue, the path deployed feedback takes. Messages to other addresses report nothing, as a
 * delivered message reports nothing this project listens for.
 */
final class MailboxSimulator implements ExecutionInterceptor {
    private final EventBridgeClient events;
    private final Set<SesEvents.Kind> published;
    private final Clock clock;
    private final PrintStream out;

    /** @param published the kinds of event the configuration set's EventBridge destination publishes */
    MailboxSimulator(EventBridgeClient events, Set<SesEvents.Kind> published, Clock clock, PrintStream out) {
        this.events = events;
        this.published = Set.copyOf(published);
        this.clock = clock;
        this.out = out;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendEmailRequest request
                && context.response() instanceof SendEmailResponse response && request.destination() != null) {
            for (String recipient : request.destination().toAddresses()) {
                SesEvents.simulated(recipient).filter(published::contains)
                        .ifPresent(kind -> publish(kind, request, response, recipient));
            }
        }
    }

    /**
     * The kinds of event the template's enabled EventBridge destinations of this configuration set publish, by their
     * {@code MatchingEventTypes} ({@code BOUNCE} covers every bounce, suppressed ones too).
     */
    static Set<SesEvents.Kind> publishedKinds(SamTemplate template, String configurationSetId) {
        Set<SesEvents.Kind> kinds = EnumSet.noneOf(SesEvents.Kind.class);
        for (JsonNode destination : template.propertiesOfType("AWS::SES::ConfigurationSetEventDestination")) {
            JsonNode to = destination.path("EventDestination");
            if (!configurationSetId.equals(destination.at("/ConfigurationSetName/Ref").asText())
                    || !to.path("Enabled").asBoolean(false) || to.path("EventBridgeDestination").isMissingNode()) {
                continue;
            }
            for (JsonNode type : to.path("MatchingEventTypes")) {
                switch (type.asText()) {
                    case "BOUNCE" -> kinds.addAll(List.of(SesEvents.Kind.PERMANENT_BOUNCE,
                            SesEvents.Kind.SUPPRESSED_BOUNCE, SesEvents.Kind.TRANSIENT_BOUNCE));
                    case "COMPLAINT" -> kinds.add(SesEvents.Kind.COMPLAINT);
                    case "REJECT" -> kinds.add(SesEvents.Kind.REJECT);
                    case "DELIVERY_DELAY" -> kinds.add(SesEvents.Kind.DELIVERY_DELAY);
                    default -> {
                        // events this project does not listen for (sends, deliveries, opens, ...)
                    }
                }
            }
        }
        return kinds;
    }

    private void publish(SesEvents.Kind kind, SendEmailRequest request, SendEmailResponse response, String recipient) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (MessageTag tag : request.emailTags()) {
            tags.put(tag.name(), tag.value());
        }
        if (request.configurationSetName() != null) {
            tags.put(MessageTags.CONFIGURATION_SET, request.configurationSetName());
        }
        Instant now = clock.instant();
        String record = SesEvents.record(kind, response.messageId(), tags, request.fromEmailAddress(), recipient,
                now, now).toString();
        PutEventsResponse put = events.putEvents(r -> r.entries(e -> e.source("aws.ses").detailType(kind.detailType)
                .detail(record).eventBusName("default")));
        if (put.failedEntryCount() != null && put.failedEntryCount() > 0) {
            // the line names the message, never the address
            out.println("{\"level\":\"WARN\",\"message\":\"mailbox_simulator\",\"message_id\":\""
                    + response.messageId() + "\",\"outcome\":\"not_published\"}");
        }
    }
}
