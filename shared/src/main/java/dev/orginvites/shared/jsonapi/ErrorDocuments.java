package dev.orginvites.shared.jsonapi;


/** Renders the error document every failed request gets, whatever the operation. */
public final class ErrorDocuments {
    private ErrorDocuments() {
    }

    /** An error document with one error object, identified by the request's id. */
    public static String error(ApiError error, String id) {
        return JsonApiDocument.write(g -> {
            g.writeArrayFieldStart("errors");
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("status", Integer.toString(error.status()));
            g.writeStringField("code", error.code());
            g.writeStringField("title", error.title());
            g.writeStringField("detail", error.detail());
            if (error.parameter() != null || error.pointer() != null) {
                g.writeObjectFieldStart("source");
                if (error.parameter() != null) {
                    g.writeStringField("parameter", error.parameter());
                }
                if (error.pointer() != null) {
                    g.writeStringField("pointer", error.pointer());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndArray();
        });
    }
}
