package dev.orginvites.shared.jsonapi;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the request body of an operation that creates or changes one resource, in the layouts its releases used: a
 * JSON:API document ({@code {"data": {"type": ..., "attributes": {...}}}}, optionally with {@code relationships}),
 * one whose resource the operation reads member by member ({@link #data}: relationships, an id), or, before that, the
 * members alone at the top level ({@code {"email": ..., "role": ...}}). Nothing beyond the layout is accepted; every
 * violation is a 400 that points at the offending member.
 */
public final class RequestDocument {
    /** Far above any valid invitation; larger bodies are refused unread. */
    public static final int MAX_BODY_BYTES = 8 * 1024;

    /**
     * The members a request supplied, and where they sit in the document.
     *
     * @param pointer the JSON pointer of the object holding them: {@code ""} or {@code /data/attributes}
     * @param values JSON values as maps, lists, strings, numbers, booleans; only the names the reader allowed
     */
    public record Members(String pointer, Map<String, Object> values) {
        public Object get(String name) {
            return values.get(name);
        }

        /** The JSON pointer of one member, for the error that names it. */
        public String pointer(String name) {
            return pointer + "/" + escape(name);
        }

        /** The required member {@code name}, a string. */
        public String string(String name) {
            Object value = required(name);
            if (!(value instanceof String)) {
                throw ApiError.badBody(pointer(name), "'" + pointer(name) + "' must be a string.");
            }
            return (String) value;
        }

        /** The required member {@code name}, an object holding no members but {@code allowed}. */
        public Members object(String name, Set<String> allowed) {
            return allowedMembers(new Members(pointer(name), RequestDocument.object(required(name), pointer(name))),
                    allowed);
        }

        /**
         * The resource identifier of the relationship {@code name} ({@code {"data": {"type": ..., "id": ...}}}), whose
         * type must be {@code type}; the caller reads its {@code id} ({@link #string}), which it alone can judge.
         */
        public Members identifier(String name, String type) {
            Members identifier = object(name, Set.of("data")).object("data", Set.of("type", "id"));
            if (!type.equals(identifier.string("type"))) {
                throw ApiError.badBody(identifier.pointer("type"), "'" + identifier.pointer("type") + "' must be '"
                        + type + "'.");
            }
            return identifier;
        }

        private Object required(String name) {
            if (!values.containsKey(name)) {
                throw ApiError.badBody(pointer(name), "'" + pointer(name) + "' is required.");
            }
            return values.get(name);
        }
    }

    private RequestDocument() {
    }

    /**
     * Checks the media type, then reads a JSON:API document that creates a resource of {@code type}.
     *
     * @param contentType the request's Content-Type header, or null
     * @param body the request body (decoded from base64 if API Gateway encoded it), or null
     * @param type the resource type the document must create
     * @param attributes the attribute names allowed
     * @param relationships whether {@code data} may carry a {@code relationships} object (which is then ignored)
     * @return the {@code attributes}, at {@code /data/attributes}
     */
    public static Members attributes(String contentType, byte[] body, String type, Set<String> attributes,
            boolean relationships) {
        Set<String> dataMembers = relationships ? Set.of("type", "attributes", "relationships") : Set.of("type", "attributes");
        Map<String, Object> data = object(member(object(parse(contentType, body), ""), "data", Set.of("data"), ""), "/data");
        member(data, "type", dataMembers, "/data");
        if (!type.equals(data.get("type"))) {
            throw ApiError.badBody("/data/type", "The resource type must be '" + type + "'.");
        }
        if (data.containsKey("relationships")) {
            object(data.get("relationships"), "/data/relationships");
        }
        Map<String, Object> attrs = object(member(data, "attributes", dataMembers, "/data"), "/data/attributes");
        return allowedOnly(new Members("/data/attributes", attrs), attributes, "an attribute of " + type);
    }

    /**
     * Checks the media type, then reads a JSON:API document's primary data, a resource object holding no members but
     * {@code members} (which of them are required, and what each must be, is the caller's to say with
     * {@link Members#string}, {@link Members#object} and {@link Members#identifier}).
     *
     * @return the members of {@code data}, at {@code /data}
     */
    public static Members data(String contentType, byte[] body, Set<String> members) {
        return allowedMembers(new Members("", object(parse(contentType, body), "")), Set.of("data"))
                .object("data", members);
    }

    /**
     * Checks the media type, then reads a document that holds the request's members at its top level
     * ({@code {"email": ..., "role": ...}}), as requests did before they were JSON:API documents.
     *
     * @param names the member names allowed
     * @return the members, at {@code ""}
     */
    public static Members topLevel(String contentType, byte[] body, Set<String> names) {
        return allowedOnly(new Members("", object(parse(contentType, body), "")), names, "a member of this request");
    }

    /** The members, after checking they hold none but {@code allowed}. */
    private static Members allowedMembers(Members members, Set<String> allowed) {
        for (String field : members.values().keySet()) {
            if (!allowed.contains(field)) {
                throw ApiError.badBody(members.pointer(field), "'" + Echo.of(field) + "' is not allowed here.");
            }
        }
        return members;
    }

    private static Members allowedOnly(Members members, Set<String> allowed, String what) {
        for (String name : members.values().keySet()) {
            if (!allowed.contains(name)) {
                throw ApiError.badBody(members.pointer(name), "'" + Echo.of(name) + "' is not " + what + ".");
            }
        }
        return members;
    }

    private static Object parse(String contentType, byte[] body) {
        checkMediaType(contentType);
        if (body == null || body.length == 0) {
            throw ApiError.badBody("", "The request needs a JSON document as its body.");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw ApiError.badBody("", "The request body exceeds " + MAX_BODY_BYTES + " bytes.");
        }
        return parse(body);
    }

    /** One JSON value and nothing after it. */
    private static Object parse(byte[] body) {
        try (JsonParser parser = Json.FACTORY.createParser(body)) {
            if (parser.nextToken() == null) {
                throw ApiError.badBody("", "The request needs a JSON document as its body.");
            }
            Object document = Json.readValue(parser);
            if (parser.nextToken() != null) {
                throw ApiError.badBody("", "The request body has content after its JSON document.");
            }
            return document;
        } catch (StreamConstraintsException e) {
            throw ApiError.badBody("", "The request body nests too deeply.");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "repeats a member" : "is not valid JSON";
            throw ApiError.badBody("", "The request body " + what + where + ".");
        } catch (IOException e) {
            throw ApiError.badBody("", "The request body could not be read.");
        }
    }

    /** The Content-Type must be the JSON:API media type (parameters aside, as in {@code ; charset=utf-8}). */
    private static void checkMediaType(String contentType) {
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!JsonApiDocument.MEDIA_TYPE.equals(mediaType)) {
            throw ApiError.badRequest("unsupported-media-type",
                    "The request's Content-Type must be " + JsonApiDocument.MEDIA_TYPE + ".");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String pointer) {
        if (!(value instanceof Map)) {
            throw ApiError.badBody(pointer, (pointer.isEmpty() ? "The document" : "'" + pointer + "'")
                    + " must be a JSON object.");
        }
        return (Map<String, Object>) value;
    }

    /** The required member {@code name} of {@code parent}, after checking parent has no members beyond {@code allowed}. */
    private static Object member(Map<String, Object> parent, String name, Set<String> allowed, String pointer) {
        for (String field : parent.keySet()) {
            if (!allowed.contains(field)) {
                throw ApiError.badBody(pointer + "/" + escape(field), "'" + Echo.of(field) + "' is not allowed here.");
            }
        }
        if (!parent.containsKey(name)) {
            throw ApiError.badBody(pointer + "/" + name, "'" + pointer + "/" + name + "' is required.");
        }
        return parent.get(name);
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
