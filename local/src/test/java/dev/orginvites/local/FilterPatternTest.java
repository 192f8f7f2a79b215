package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Lambda's filter rules, as far as the local stream runner implements them, and a loud refusal of the rest. */
class FilterPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FilterPattern NEW_INVITES = FilterPattern.parse(
            "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"INVITE#\"}]}}}}");

    private static JsonNode record(String eventName, String sk) throws Exception {
        return JSON.readTree("{\"eventName\":\"" + eventName + "\",\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":\"ORG#1\"},"
                + "\"sk\":{\"S\":\"" + sk + "\"}},\"NewImage\":{\"n\":{\"N\":\"12.0\"},\"flag\":{\"BOOL\":true}}}}");
    }

    @Test
    void everyFieldMustMatchAndAnyConditionOfAFieldMay() throws Exception {
        assertTrue(NEW_INVITES.matches(record("INSERT", "INVITE#0193")));
        assertFalse(NEW_INVITES.matches(record("MODIFY", "INVITE#0193")), "another event name");
        assertFalse(NEW_INVITES.matches(record("INSERT", "EMAIL#ada@example.com")), "another prefix");
        assertFalse(NEW_INVITES.matches(record("INSERT", "invite#0193")), "prefixes are case-sensitive");

        FilterPattern either = FilterPattern.parse("{\"eventName\":[\"INSERT\",\"REMOVE\"]}");
        assertTrue(either.matches(record("REMOVE", "X")));
        assertFalse(either.matches(record("MODIFY", "X")));
    }

    @Test
    void aFieldTheRecordLacksMatchesOnlyExistsFalse() throws Exception {
        assertFalse(FilterPattern.parse("{\"dynamodb\":{\"OldImage\":{\"x\":[\"a\"]}}}")
                .matches(record("INSERT", "INVITE#1")));
        assertTrue(FilterPattern.parse("{\"dynamodb\":{\"Keys\":{\"ttl\":[{\"exists\":false}]}}}")
                .matches(record("INSERT", "INVITE#1")));
        assertFalse(FilterPattern.parse("{\"dynamodb\":{\"Keys\":{\"sk\":[{\"exists\":false}]}}}")
                .matches(record("INSERT", "INVITE#1")));
        assertTrue(FilterPattern.parse("{\"dynamodb\":{\"Keys\":{\"sk\":[{\"exists\":true}]}}}")
                .matches(record("INSERT", "INVITE#1")));
    }

    @Test
    void numbersCompareByValueAndBooleansAsBooleans() throws Exception {
        assertTrue(FilterPattern.parse("{\"dynamodb\":{\"NewImage\":{\"flag\":{\"BOOL\":[true]}}}}")
                .matches(record("INSERT", "X")));
        assertFalse(FilterPattern.parse("{\"dynamodb\":{\"NewImage\":{\"flag\":{\"BOOL\":[\"true\"]}}}}")
                .matches(record("INSERT", "X")), "the string \"true\" is not the boolean");
        assertTrue(FilterPattern.parse("{\"n\":[12]}").matches(JSON.readTree("{\"n\":12.0}")));
        assertTrue(FilterPattern.parse("{\"tags\":[\"b\"]}").matches(JSON.readTree("{\"tags\":[\"a\",\"b\"]}")),
                "an array in the record matches when any element does");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"eventName\":[{\"anything-but\":[\"REMOVE\"]}]}",
        "{\"n\":[{\"numeric\":[\">\",0]}]}",
        "{\"sk\":[{\"suffix\":\"#\"}]}",
        "{\"sk\":[{\"equals-ignore-case\":\"a\"}]}",
        "{\"sk\":[{\"prefix\":{\"equals-ignore-case\":\"a\"}}]}",
        "{\"$or\":[{\"a\":[\"b\"]},{\"c\":[\"d\"]}]}",
        "{\"eventName\":\"INSERT\"}",
        "{\"eventName\":[]}",
        "[\"INSERT\"]",
        "not json"
    })
    void syntaxOutsideTheSubsetIsRefusedLoudly(String pattern) {
        assertThrows(IllegalStateException.class, () -> FilterPattern.parse(pattern));
    }
}
