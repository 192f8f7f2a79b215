package dev.orginvites.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * What SES was asked to send, kept for a person or a test to read ({@code GET /_local/outbox}): an interceptor on
 * the SES client the local mailer uses, which records each {@code SendEmail} that SES (the emulator) accepted, oldest
 * first. Each message is its recipients, subject, plain text and the accept link found in the text (the first URL
 * that starts as the local {@code AcceptUrl} does before its {@code {token}}).
 */
final class Outbox implements ExecutionInterceptor {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message as the outbox shows it. */
    record Message(String to, String subject, String text, String acceptUrl) {
    }

    private final Pattern acceptLink;
    private final List<Message> messages = new ArrayList<>();

    /** @param acceptUrl the AcceptUrl the mailer builds links from, with its {@code {token}} placeholder */
    Outbox(String acceptUrl) {
        int token = acceptUrl.indexOf("{token}");
        if (token < 0) {
            throw new IllegalArgumentException("an AcceptUrl without {token}: " + acceptUrl);
        }
        this.acceptLink = Pattern.compile(Pattern.quote(acceptUrl.substring(0, token)) + "[A-Za-z0-9_~.%-]+"
                + Pattern.quote(acceptUrl.substring(token + "{token}".length())));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendEmailRequest request) {
            add(request);
        }
    }

    private synchronized void add(SendEmailRequest request) {
        Destination destination = request.destination();
        String to = destination == null || !destination.hasToAddresses() ? ""
                : String.join(", ", destination.toAddresses());
        EmailContent content = request.content();
        String subject = null;
        String text = null;
        if (content != null && content.simple() != null) {
            subject = content.simple().subject() == null ? null : content.simple().subject().data();
            text = content.simple().body() == null || content.simple().body().text() == null ? null
                    : content.simple().body().text().data();
        }
        String link = null;
        if (text != null) {
            Matcher m = acceptLink.matcher(text);
            link = m.find() ? m.group() : null;
        }
        messages.add(new Message(to, subject, text, link));
    }

    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /**
     * {@code {"messages": [{"to", "subject", "text", "accept_url"}]}}, oldest first.
     *
     * @param to null for every message, or only those to this recipient, exactly as sent, so that a script
     *           reads its own invitee's newest link and never an earlier run's
     */
    synchronized String json(String to) {
        ObjectNode document = JSON.createObjectNode();
        ArrayNode list = document.putArray("messages");
        for (Message message : messages) {
            if (to != null && !sentTo(message, to)) {
                continue;
            }
            ObjectNode json = list.addObject();
            json.put("to", message.to());
            json.put("subject", message.subject());
            json.put("text", message.text());
            json.put("accept_url", message.acceptUrl());
        }
        return document.toString();
    }

    private static boolean sentTo(Message message, String to) {
        return List.of(message.to().split(", ")).contains(to);
    }
}
