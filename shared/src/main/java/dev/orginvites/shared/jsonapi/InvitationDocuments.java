package dev.orginvites.shared.jsonapi;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.Invite;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Renders invitations ({@code org_invitation} resources): one, with its own link, or a page of them. */
public final class InvitationDocuments {
    public static final String INVITATION_TYPE = "org_invitation";

    /** How an invitation's {@code role} attribute is shown: the role's id (uuid) or its name. */
    public enum RoleForm { ID, NAME }

    /**
     * Whether a failed invitation ({@link Invite#failure}) shows its failure: {@code OMITTED} in every release of
     * Snyk's shapes, whose attributes allow no member they do not list; {@code SHOWN} (as {@code failed_at} and
     * {@code failed_reason}, when it failed) in this API's own releases that describe them.
     */
    public enum FailureForm { OMITTED, SHOWN }

    private InvitationDocuments() {
    }

    /** A single invitation, with {@code links.self}, served from the root of the API's URL. */
    public static String invitation(Invite invite, RoleForm roleForm, String self) {
        return invitation(invite, roleForm, "", self);
    }

    /**
     * A single invitation, with {@code links.self}; {@code basePath} is the path the API is served under (empty at
     * the root), which the org's {@code related} link starts with as {@code self} does.
     */
    public static String invitation(Invite invite, RoleForm roleForm, String basePath, String self) {
        return invitation(invite, roleForm, FailureForm.OMITTED, basePath, self);
    }

    /** A single invitation, as {@link #invitation(Invite, RoleForm, String, String)}, its failure as given. */
    public static String invitation(Invite invite, RoleForm roleForm, FailureForm failureForm, String basePath,
            String self) {
        return JsonApiDocument.write(g -> {
            g.writeFieldName("data");
            resource(g, invite, roleForm, failureForm, basePath);
            g.writeObjectFieldStart("links");
            g.writeStringField("self", self);
            g.writeEndObject();
        });
    }

    /** A page of invitations, served from the root of the API's URL; {@code links} in the order given. */
    public static String invitations(List<Invite> invites, RoleForm roleForm, Map<String, String> links) {
        return invitations(invites, roleForm, "", links);
    }

    /** A page of invitations under {@code basePath} (see {@link #invitation}); {@code links} in the order given. */
    public static String invitations(List<Invite> invites, RoleForm roleForm, String basePath,
            Map<String, String> links) {
        return JsonApiDocument.write(g -> {
            g.writeArrayFieldStart("data");
            for (Invite invite : invites) {
                resource(g, invite, roleForm, FailureForm.OMITTED, basePath);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("links");
            for (Map.Entry<String, String> link : links.entrySet()) {
                g.writeStringField(link.getKey(), link.getValue());
            }
            g.writeEndObject();
        });
    }

    private static void resource(JsonGenerator g, Invite invite, RoleForm roleForm, FailureForm failureForm,
            String basePath) throws IOException {
        resource(g, invite, roleForm, failureForm, basePath, true);
    }

    /**
     * One invitation's resource object, written where {@code g} stands (an event's {@code data}: see the
     * {@code publish-events} function), as a page or a single document shows it; {@code active} is false once the
     * invitation is no longer pending (cancelled, accepted, expired), which no API answer shows.
     */
    public static void resource(JsonGenerator g, Invite invite, RoleForm roleForm, FailureForm failureForm,
            String basePath, boolean active) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", invite.id());
        g.writeStringField("type", INVITATION_TYPE);
        g.writeObjectFieldStart("attributes");
        g.writeStringField("email", invite.email());
        g.writeBooleanField("is_active", active);
        // A role stored without a name (roles are written outside the API) shows its id, a string as the contract
        // requires, rather than null.
        g.writeStringField("role", roleForm == RoleForm.NAME && invite.roleName() != null ? invite.roleName()
                : invite.roleId());
        DeliveryProblem failure = invite.failure();
        if (failureForm == FailureForm.SHOWN && failure != null) {
            g.writeStringField("failed_at", failure.atText());
            g.writeStringField("failed_reason", failure.reason());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("relationships");
        g.writeObjectFieldStart("org");
        g.writeObjectFieldStart("data");
        g.writeStringField("type", "org");
        g.writeStringField("id", invite.orgId());
        g.writeEndObject();
        g.writeObjectFieldStart("links");
        g.writeStringField("related", basePath + "/orgs/" + invite.orgId());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }
}
