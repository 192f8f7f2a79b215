package dev.orginvites.shared.jsonapi;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * What every document the API returns shares: its media type and the top level {@code jsonapi: {version: "1.0"}}.
 * No member is ever null: absent members are left out.
 */
public final class JsonApiDocument {
    public static final String MEDIA_TYPE = "application/vnd.api+json";

    private JsonApiDocument() {
    }

    /** The members after {@code jsonapi}. */
    interface Members {
        void write(JsonGenerator g) throws IOException;
    }

    static String write(Members members) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("jsonapi");
            g.writeStringField("version", "1.0");
            g.writeEndObject();
            members.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
