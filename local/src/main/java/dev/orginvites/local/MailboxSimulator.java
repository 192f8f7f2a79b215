package dev.orginvites.local;

import dev.orginvites.devkit.SesEvents;
import dev.orginvites.shared.mail.MessageTags;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * EventBridge destination puts it. From there the template's own rule takes it to record-feedback's queue, the path
 * deployed feedback takes. Messages to other addresses report nothing, as a delivered message reports nothing this
 * project listens for.
 */
final class MailboxSimulator implements ExecutionInterceptor {
    private final EventBridgeClient events;
    private final Clock clock;
    private final PrintStream out;

    MailboxSimulator(EventBridgeClient events, Clock clock, PrintStream out) {
        this.events = events;
        this.clock = clock;
        this.out = out;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendEmailRequest request
                && context.response() instanceof SendEmailResponse response && request.destination() != null) {
            for (String recipient : request.destination().toAddresses()) {
                SesEvents.simulated(recipient).ifPresent(kind -> publish(kind, request, response, recipient));
            }
        }
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
