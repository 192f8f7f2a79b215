package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Lambda's filter rules for a DynamoDB event source, as far as the local stream runner implements them, and a loud
 * refusal of the rest, a key Lambda does not filter DynamoDB records on included.
 */
class FilterPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The template's pattern: inserts (a new image, no old one) of items whose sort key starts INVITE#. */
    private static final FilterPattern NEW_INVITES = FilterPattern.parse("{\"dynamodb\":{"
            + "\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"INVITE#\"}]}},"
            + "\"NewImage\":{\"sk\":{\"S\":[{\"exists\":true}]}},"
            + "\"OldImage\":{\"sk\":{\"S\":[{\"exists\":false}]}}}}");

    /** A stream record as Lambda's event holds it, with the images its event name implies (NEW_AND_OLD_IMAGES). */
    private static JsonNode record(String eventName, String sk) throws Exception {
        String image = "{\"pk\":{\"S\":\"ORG#1\"},\"sk\":{\"S\":\"" + sk + "\"},\"n\":{\"N\":\"12.0\"},"
                + "\"flag\":{\"BOOL\":true},\"tags\":{\"SS\":[\"a\",\"b\"]}}";
        String images = switch (eventName) {
            case "INSERT" -> ",\"NewImage\":" + image;
            case "MODIFY" -> ",\"NewImage\":" + image + ",\"OldImage\":" + image;
            default -> ",\"OldImage\":" + image;
        };
        return JSON.readTree("{\"eventName\":\"" + eventName + "\",\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":\"ORG#1\"},"
                + "\"sk\":{\"S\":\"" + sk + "\"}}" + images + "}}");
    }

    @Test
    void theTemplatesPatternPassesInsertsOfInvitationsOnly() throws Exception {
        assertTrue(NEW_INVITES.matches(record("INSERT", "INVITE#0193")));
        assertFalse(NEW_INVITES.matches(record("MODIFY", "INVITE#0193")), "an update has an old image");
        assertFalse(NEW_INVITES.matches(record("REMOVE", "INVITE#0193")), "a removal has no new image");
        assertFalse(NEW_INVITES.matches(record("INSERT", "EMAIL#ada@example.com")), "another prefix");
        assertFalse(NEW_INVITES.matches(record("INSERT", "invite#0193")), "prefixes are case-sensitive");
    }

    @Test
    void everyFieldMustMatchAndAnyConditionOfAFieldMay() throws Exception {
        FilterPattern either = FilterPattern.parse(
                "{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"ROLE#\"},{\"prefix\":\"INVITE#\"}]}}}}");
        assertTrue(either.matches(record("REMOVE", "ROLE#1")));
        assertTrue(either.matches(record("MODIFY", "INVITE#1")));
        assertFalse(either.matches(record("INSERT", "EMAIL#1")));
        FilterPattern both = FilterPattern.parse("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[\"ORG#1\"]},"
                + "\"sk\":{\"S\":[{\"prefix\":\"INVITE#\"}]}}}}");
        assertTrue(both.matches(record("INSERT", "INVITE#1")));
        assertFalse(both.matches(record("INSERT", "ROLE#1")), "every field must match");
    }

    @Test
    void aFieldTheRecordLacksMatchesOnlyExistsFalse() throws Exception {
        assertFalse(FilterPattern.parse("{\"dynamodb\":{\"OldImage\":{\"x\":{\"S\":[\"a\"]}}}}")
                .matches(record("INSERT", "INVITE#1")));
        assertTrue(FilterPattern.parse("{\"dynamodb\":{\"Keys\":{\"ttl\":{\"N\":[{\"exists\":false}]}}}}")
                .matches(record("INSERT", "INVITE#1")));
        assertFalse(FilterPattern.parse("{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"exists\":false}]}}}}")
                .matches(record("INSERT", "INVITE#1")));
        assertTrue(FilterPattern.parse("{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"exists\":true}]}}}}")
                .matches(record("INSERT", "INVITE#1")));
    }

    @Test
    void numbersCompareByValueAndBooleansAsBooleans() throws Exception {
        assertTrue(FilterPattern.parse("{\"dynamodb\":{\"NewImage\":{\"flag\":{\"BOOL\":[true]}}}}")
                .matches(record("INSERT", "X")));
        assertFalse(FilterPattern.parse("{\"dynamodb\":{\"NewImage\":{\"flag\":{\"BOOL\":[\"true\"]}}}}")
                .matches(record("INSERT", "X")), "the string \"true\" is not the boolean");
        assertTrue(FilterPattern.parse("{\"dynamodb\":{\"n\":[12]}}").matches(JSON.readTree("{\"dynamodb\":{\"n\":12.0}}")));
        assertTrue(FilterPattern.parse("{\"dynamodb\":{\"NewImage\":{\"tags\":{\"SS\":[\"b\"]}}}}")
                .matches(record("INSERT", "X")), "an array in the record matches when any element does");
    }

    /** Lambda documents DynamoDB mappings as filtering on the dynamodb key only: a pattern on another is refused. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"INVITE#\"}]}}}}",
        "{\"eventName\":[\"INSERT\"]}",
        "{\"eventSource\":[\"aws:dynamodb\"]}",
        "{\"awsRegion\":[{\"prefix\":\"eu-\"}]}"
    })
    void aKeyOtherThanDynamodbIsRefused(String pattern) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> FilterPattern.parse(pattern));
        assertTrue(refused.getMessage().contains("filter on the dynamodb key only"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"anything-but\":[\"REMOVE\"]}]}}}}",
        "{\"dynamodb\":{\"n\":[{\"numeric\":[\">\",0]}]}}",
        "{\"dynamodb\":{\"sk\":[{\"suffix\":\"#\"}]}}",
        "{\"dynamodb\":{\"sk\":[{\"equals-ignore-case\":\"a\"}]}}",
        "{\"dynamodb\":{\"sk\":[{\"prefix\":{\"equals-ignore-case\":\"a\"}}]}}",
        "{\"dynamodb\":{\"$or\":[{\"a\":[\"b\"]},{\"c\":[\"d\"]}]}}",
        "{\"dynamodb\":{\"sk\":\"INSERT\"}}",
        "{\"dynamodb\":{\"sk\":[]}}",
        "[\"INSERT\"]",
        "not json"
    })
    void syntaxOutsideTheSubsetIsRefusedLoudly(String pattern) {
        assertThrows(IllegalStateException.class, () -> FilterPattern.parse(pattern));
    }
}
