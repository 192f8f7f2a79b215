package dev.orginvites.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One of an event source mapping's {@code FilterCriteria} patterns, matched against a stream record as Lambda's event
 * filtering matches it (AWS Lambda developer guide, "Control which events Lambda sends to your function"): every
 * field the pattern names must match (AND); a field's array of conditions matches when any one does (OR); a record
 * field that is an array matches when any element does; a field the record lacks (or lies under an object the record
 * lacks) matches nothing but {@code {"exists": false}}.
 *
 * <p>The patterns are a DynamoDB event source mapping's, which Lambda documents as filtering on the {@code dynamodb}
 * key only ("Using event filtering with a DynamoDB event source"): a pattern naming any other top-level key
 * ({@code eventName}, {@code eventSource}, ...) is refused, as a deployment could not rely on it.
 *
 * <p>Only the part of the syntax this project's template uses is implemented: literal strings, numbers, booleans and
 * null (equality), {@code {"prefix": "..."}} and {@code {"exists": true|false}}. Anything else ({@code anything-but},
 * {@code numeric}, {@code suffix}, {@code equals-ignore-case}, {@code wildcard}, {@code $or}) is refused when the
 * pattern is read, so the local run never silently delivers what Lambda would filter out, or the reverse.
 */
final class FilterPattern {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The one top-level key a DynamoDB event source mapping filters on. */
    private static final String DYNAMODB = "dynamodb";

    /** A condition on one value. */
    private interface Condition {
        /** {@code value} is null when the record has no such field. */
        boolean test(JsonNode value);
    }

    private final JsonNode pattern;

    private FilterPattern(JsonNode pattern) {
        this.pattern = pattern;
    }

    /**
     * Reads a pattern as the template holds it (a JSON string).
     *
     * @throws IllegalStateException when it is not a JSON object, or uses syntax outside the supported subset
     */
    static FilterPattern parse(String text) {
        JsonNode pattern;
        try {
            pattern = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("a filter pattern that is not JSON: " + text, e);
        }
        if (pattern == null || !pattern.isObject()) {
            throw new IllegalStateException("a filter pattern must be a JSON object: " + text);
        }
        check(pattern, text);
        return new FilterPattern(pattern);
    }

    /** Whether a record (as the event's JSON) passes this pattern. */
    boolean matches(JsonNode record) {
        return matches(pattern, record);
    }

    private static boolean matches(JsonNode pattern, JsonNode value) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode child = value == null || !value.isObject() ? null : value.get(field.getKey());
            // A pattern is a set of paths to leaves: under a missing object every leaf is missing, which only
            // exists: false matches (an insert's OldImage.sk.S, say).
            boolean ok = field.getValue().isObject() ? matches(field.getValue(), child)
                    : anyCondition(field.getValue(), child);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyCondition(JsonNode conditions, JsonNode value) {
        for (JsonNode condition : conditions) {
            Condition test = condition(condition);
            if (value != null && value.isArray()) {
                for (JsonNode element : value) {
                    if (test.test(element)) {
                        return true;
                    }
                }
            } else if (test.test(value)) {
                return true;
            }
        }
        return false;
    }

    private static Condition condition(JsonNode condition) {
        if (condition.isObject()) {
            Map.Entry<String, JsonNode> operator = condition.fields().next();
            JsonNode operand = operator.getValue();
            return switch (operator.getKey()) {
                case "prefix" -> value -> value != null && value.isTextual()
                        && value.asText().startsWith(operand.asText());
                case "exists" -> value -> (value != null) == operand.asBoolean();
                default -> throw new IllegalStateException("unsupported filter operator " + operator.getKey());
            };
        }
        if (condition.isNull()) {
            return value -> value != null && value.isNull();
        }
        return value -> value != null && !value.isContainerNode() && sameLiteral(condition, value);
    }

    /** Equality as Lambda compares: strings as strings, numbers by value, booleans as booleans. */
    private static boolean sameLiteral(JsonNode condition, JsonNode value) {
        if (condition.isNumber() && value.isNumber()) {
            return condition.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return condition.getNodeType() == value.getNodeType() && condition.asText().equals(value.asText());
    }

    /** Refuses any syntax outside the supported subset, naming it. */
    private static void check(JsonNode pattern, String text) {
        List<String> problems = new ArrayList<>();
        check(pattern, "", problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the local stream runner does not implement " + String.join("; ", problems)
                    + " (in the filter pattern " + text + "); it supports literals, prefix and exists under the "
                    + DYNAMODB + " key only");
        }
    }

    private static void check(JsonNode pattern, String path, List<String> problems) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "/" + field.getKey();
            if (path.isEmpty() && !field.getKey().equals(DYNAMODB)) {
                problems.add("the top-level key " + field.getKey() + " (DynamoDB event source mappings filter on the "
                        + DYNAMODB + " key only)");
            } else if (field.getKey().startsWith("$")) {
                problems.add(field.getKey() + " at " + at);
            } else if (field.getValue().isObject()) {
                check(field.getValue(), at, problems);
            } else if (!field.getValue().isArray() || field.getValue().isEmpty()) {
                problems.add("a value that is not an object or a non-empty array at " + at);
            } else {
                for (JsonNode condition : field.getValue()) {
                    if (condition.isArray()) {
                        problems.add("a nested array at " + at);
                    } else if (condition.isObject()) {
                        if (condition.size() != 1) {
                            problems.add("a condition with other than one operator at " + at);
                            continue;
                        }
                        Map.Entry<String, JsonNode> operator = condition.fields().next();
                        boolean known = operator.getKey().equals("prefix") && operator.getValue().isTextual()
                                || operator.getKey().equals("exists") && operator.getValue().isBoolean();
                        if (!known) {
                            problems.add("the operator " + operator.getKey() + " with " + operator.getValue() + " at "
                                    + at);
                        }
                    }
                }
            }
        }
    }
}
