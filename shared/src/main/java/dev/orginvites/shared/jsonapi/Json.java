package dev.orginvites.shared.jsonapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.jr.ob.JSON;

/**
 * Jackson, set up once per execution environment: the streaming API ({@link #FACTORY}) writes every document and
 * reads claims; jackson-jr ({@link #reader()}) reads request documents into plain maps and lists, and is built on
 * first use, by the one operation that reads a document. Both load a few dozen classes where databind's tree model
 * loads hundreds, which is most of what a cold start pays for JSON.
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

    /** Reads any JSON value as maps, lists, strings, numbers, booleans and nulls. */
    public static JSON reader() {
        return Reader.INSTANCE;
    }

    private static final class Reader {
        static final JSON INSTANCE = JSON.builder(FACTORY).build();
    }
}
