package dev.orginvites.shared.jsonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Json#readValue}: each JSON value as the plain Java value request documents are checked against. */
class JsonTest {
    static Stream<Arguments> values() {
        Map<String, Object> object = new HashMap<>();
        object.put("z", 1);
        object.put("a", Arrays.asList("x", null, false));
        object.put("m", Map.of());
        return Stream.of(
                Arguments.of("\"caf\\u00e9\"", "café"),
                Arguments.of("42", 42),
                Arguments.of("-9007199254740993", -9007199254740993L),
                Arguments.of("123456789012345678901234567890", new BigInteger("123456789012345678901234567890")),
                Arguments.of("1.5", 1.5),
                Arguments.of("true", true),
                Arguments.of("false", false),
                Arguments.of("null", null),
                Arguments.of("[]", List.of()),
                Arguments.of("[1,[2,[3]],{}]", List.of(1, List.of(2, List.of(3)), Map.of())),
                Arguments.of("{\"z\":1,\"a\":[\"x\",null,false],\"m\":{}}", object));
    }

    @ParameterizedTest
    @MethodSource("values")
    void readsEachValueAsPlainJava(String json, Object expected) throws IOException {
        assertEquals(expected, read(json));
    }

    @Test
    void objectsKeepTheDocumentsOrder() throws IOException {
        Map<?, ?> object = (Map<?, ?>) read("{\"z\":1,\"a\":2,\"m\":{\"y\":3,\"b\":4}}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(object.keySet()));
        assertEquals(List.of("y", "b"), List.copyOf(((Map<?, ?>) object.get("m")).keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}"})
    void aRepeatedMemberIsRefused(String json) {
        assertThrows(StreamReadException.class, () -> read(json));
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 1000})
    void nestingBeyondThirtyTwoLevelsIsRefusedWhileParsing(int depth) {
        assertThrows(StreamConstraintsException.class, () -> read("[".repeat(depth) + "]".repeat(depth)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 32})
    void nestingUpToThirtyTwoLevelsIsRead(int depth) throws IOException {
        Object value = read("[".repeat(depth) + "]".repeat(depth));
        for (int level = 1; level < depth; level++) {
            value = ((List<?>) value).get(0);
        }
        assertEquals(List.of(), value);
    }

    private static Object read(String json) throws IOException {
        try (JsonParser parser = Json.FACTORY.createParser(json)) {
            parser.nextToken();
            return Json.readValue(parser);
        }
    }
}
