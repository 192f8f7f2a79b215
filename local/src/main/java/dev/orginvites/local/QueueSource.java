package dev.orginvites.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orginvites.devkit.SamTemplate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A queue the template feeds a function from, made on the emulator as the template makes it: the queue (its
 * visibility timeout, and its dead-letter queue and {@code maxReceiveCount} when it has a redrive policy), and each
 * EventBridge rule that targets it, with the template's event pattern, on the default bus. The pattern's {@code Ref}s
 * may name what {@code refs} knows (the configuration set the mailer sends with), and nothing else.
 *
 * @param url the queue's URL, which the runner polls
 * @param arn the queue's ARN, which the events it hands over name
 */
record QueueSource(String url, String arn) {
    /** What the template may set on a queue that the local API applies; anything else is refused, not ignored. */
    private static final Set<String> QUEUE_PROPERTIES = Set.of("VisibilityTimeout", "RedrivePolicy",
            "MessageRetentionPeriod", "SqsManagedSseEnabled");

    /**
     * @param refs what each {@code Ref} an event pattern may hold stands for on the emulator
     * @throws IllegalStateException for a queue property or a pattern's reference the local API cannot honour
     */
    static QueueSource make(SamTemplate template, String queueId, SqsClient sqs, EventBridgeClient events,
            Map<String, String> refs) {
        QueueSource queue = queue(template, queueId, sqs);
        int rule = 0;
        for (JsonNode pattern : template.rulePatternsTargeting(queueId)) {
            String name = queueId + "-rule-" + ++rule;
            events.putRule(r -> r.name(name).eventBusName("default").eventPattern(resolve(pattern, refs).toString()));
            events.putTargets(r -> r.rule(name).eventBusName("default").targets(t -> t.id(queueId).arn(queue.arn())));
        }
        return queue;
    }

    private static QueueSource queue(SamTemplate template, String queueId, SqsClient sqs) {
        JsonNode properties = template.properties(queueId);
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!QUEUE_PROPERTIES.contains(name)) {
                throw new IllegalStateException("template.yaml sets " + name + " on " + queueId
                        + ", which the local API does not apply");
            }
        }
        if (properties.has("VisibilityTimeout")) {
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, properties.path("VisibilityTimeout").asText());
        }
        JsonNode redrive = properties.path("RedrivePolicy");
        if (!redrive.isMissingNode()) {
            String deadLetterId = redrive.at("/deadLetterTargetArn/Fn::GetAtt/0").asText();
            QueueSource deadLetters = queue(template, deadLetterId, sqs);
            ObjectNode policy = JsonNodeFactory.instance.objectNode();
            policy.put("deadLetterTargetArn", deadLetters.arn());
            policy.put("maxReceiveCount", redrive.path("maxReceiveCount").asInt());
            attributes.put(QueueAttributeName.REDRIVE_POLICY, policy.toString());
        }
        String url = sqs.createQueue(r -> r.queueName(queueId).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new QueueSource(url, arn);
    }

    /** The pattern with each {@code {"Ref": id}} replaced by what {@code refs} says it stands for. */
    static JsonNode resolve(JsonNode node, Map<String, String> refs) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Ref")) {
                String value = refs.get(node.path("Ref").asText());
                if (value == null) {
                    throw new IllegalStateException("an event pattern in template.yaml refers to "
                            + node.path("Ref").asText() + ", which the local API cannot resolve");
                }
                return JsonNodeFactory.instance.textNode(value);
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), resolve(field.getValue(), refs)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(resolve(element, refs)));
            return copy;
        }
        return node;
    }
}
