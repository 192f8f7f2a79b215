package dev.orginvites.shared.jsonapi;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.store.Invite;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the JSON:API documents the API returns: an invitation, a page of invitations, and errors. Every document
 * carries {@code jsonapi: {version: "1.0"}}; no member is ever null (absent members are left out).
 */
public final class Documents {
    public static final String MEDIA_TYPE = "application/vnd.api+json";
    public static final String INVITATION_TYPE = "org_invitation";

    /** How an invitation's {@code role} attribute is shown: the role's id (uuid) or its name. */
    public enum RoleForm { ID, NAME }

    private Documents() {
    }

    /** A single invitation, with {@code links.self}. */
    public static String invitation(Invite invite, RoleForm roleForm, String self) {
        return write(g -> {
            g.writeFieldName("data");
            resource(g, invite, roleForm);
            g.writeObjectFieldStart("links");
            g.writeStringField("self", self);
            g.writeEndObject();
        });
    }

    /** A page of invitations; {@code links} in the order given. */
    public static String invitations(List<Invite> invites, RoleForm roleForm, Map<String, String> links) {
        return write(g -> {
            g.writeArrayFieldStart("data");
            for (Invite invite : invites) {
                resource(g, invite, roleForm);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("links");
            for (Map.Entry<String, String> link : links.entrySet()) {
                g.writeStringField(link.getKey(), link.getValue());
            }
            g.writeEndObject();
        });
    }

    /** An error document with one error object, identified by the request's id. */
    public static String error(ApiException error, String id) {
        return write(g -> {
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

    private static void resource(JsonGenerator g, Invite invite, RoleForm roleForm) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", invite.id());
        g.writeStringField("type", INVITATION_TYPE);
        g.writeObjectFieldStart("attributes");
        g.writeStringField("email", invite.email());
        g.writeBooleanField("is_active", true);
        // A role stored without a name (roles are written outside the API) shows its id, a string as the contract
        // requires, rather than null.
        g.writeStringField("role", roleForm == RoleForm.NAME && invite.roleName() != null ? invite.roleName()
                : invite.roleId());
        g.writeEndObject();
        g.writeObjectFieldStart("relationships");
        g.writeObjectFieldStart("org");
        g.writeObjectFieldStart("data");
        g.writeStringField("type", "org");
        g.writeStringField("id", invite.orgId());
        g.writeEndObject();
        g.writeObjectFieldStart("links");
        g.writeStringField("related", "/orgs/" + invite.orgId());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("jsonapi");
            g.writeStringField("version", "1.0");
            g.writeEndObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
