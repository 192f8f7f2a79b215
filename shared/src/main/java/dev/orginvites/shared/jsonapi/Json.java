package dev.orginvites.shared.jsonapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Jackson's streaming API, set up once per execution environment: it writes every document, reads claims, and reads
 * request documents into plain maps and lists ({@link #readValue}). The streaming API is a few dozen classes where an
 * object mapper is hundreds, and a cold start pays for every class (see BENCHMARKS.md).
 */
public final class Json {
    /** Request documents nest three levels; anything far deeper is refused while parsing, before it costs memory. */
    private static final int MAX_NESTING = 32;

    /** Parsers refuse a member repeated in an object. */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }

    /** Writes a string field, or nothing when the value is null (log lines leave out what they do not know). */
    public static void writeOptional(JsonGenerator g, String name, String value)
            throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /**
     * How a log line names a failure, when there is one: {@code error}, the exception's class, and {@code error_code},
     * the AWS service's error code when a service refused; never the exception's message, which may quote what it
     * refused (an address).
     */
    public static void writeFailure(JsonGenerator g, Throwable failure) throws IOException {
        if (failure != null) {
            g.writeStringField("error", failure.getClass().getName());
            writeOptional(g, "error_code", serviceErrorCode(failure));
        }
    }

    /** The AWS service's error code when a service refused, else null. */
    public static String serviceErrorCode(Throwable failure) {
        return failure instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() : null;
    }

    /**
     * The value at the parser's current token, read to its end: objects as maps (in document order), arrays as
     * lists, strings, numbers (as Jackson parses them: int, long, BigInteger, double or BigDecimal), booleans and
     * null. Nesting is bounded by the factory's constraints, so the recursion is too.
     */
    public static Object readValue(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new IllegalStateException("the parser is not at a value");
        }
        switch (token) {
            case START_OBJECT:
                Map<String, Object> object = new LinkedHashMap<>();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    parser.nextToken();
                    object.put(name, readValue(parser));
                }
                return object;
            case START_ARRAY:
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(parser));
                }
                return array;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("the parser is not at a value: " + token);
        }
    }
}
