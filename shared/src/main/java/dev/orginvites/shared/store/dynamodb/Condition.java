package dev.orginvites.shared.store.dynamodb;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A condition expression and its placeholders. DynamoDB refuses an empty map of values, so a condition without
 * values has null there (which the request builders leave out).
 */
record Condition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {

    /** The item is there. */
    static Condition exists() {
        return new Condition("attribute_exists(#pk)", Map.of("#pk", Items.PK), null);
    }

    /** No item is there. */
    static Condition absent() {
        return new Condition("attribute_not_exists(#pk)", Map.of("#pk", Items.PK), null);
    }
}
