package dev.orginvites.shared.jsonapi;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.store.Membership;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Renders memberships ({@code org_membership} resources) in the shape of the items of Snyk's listOrgMemberships:
 * {@code created_at} (when the user joined), and the org, the role (with its name) and the user (with the address
 * the invitation was sent to and the user's verified email matched) as relationships. The user's id is the token's
 * {@code sub}; Snyk's user name, username and login method, and the org's name, are data this API does not have.
 */
public final class MembershipDocuments {
    public static final String MEMBERSHIP_TYPE = "org_membership";

    private MembershipDocuments() {
    }

    /** A single membership, as accepting an invitation makes it. */
    public static String membership(Membership membership) {
        return JsonApiDocument.write(g -> {
            g.writeFieldName("data");
            resource(g, membership);
        });
    }

    /** A page of memberships; {@code links} in the order given. */
    public static String memberships(List<Membership> memberships, Map<String, String> links) {
        return JsonApiDocument.write(g -> {
            g.writeArrayFieldStart("data");
            for (Membership membership : memberships) {
                resource(g, membership);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("links");
            for (Map.Entry<String, String> link : links.entrySet()) {
                g.writeStringField(link.getKey(), link.getValue());
            }
            g.writeEndObject();
        });
    }

    private static void resource(JsonGenerator g, Membership membership) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", membership.id());
        g.writeStringField("type", MEMBERSHIP_TYPE);
        g.writeObjectFieldStart("attributes");
        g.writeStringField("created_at", membership.joinedAt().toString());
        g.writeEndObject();
        g.writeObjectFieldStart("relationships");
        related(g, "org", membership.orgId(), "org", "name", null);
        // A role stored without a name shows its id, as invitations do.
        related(g, "role", membership.roleId(), "org_role", "name",
                membership.roleName() != null ? membership.roleName() : membership.roleId());
        related(g, "user", membership.userId(), "user", "email", membership.email());
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * A relationship's resource identifier with its {@code attributes} object, which Snyk's schema requires, holding
     * {@code attribute} when it has a value (an org without a name, a member added without an invitation and so
     * without an address: the member is left out, not null).
     */
    private static void related(JsonGenerator g, String name, String id, String type, String attribute, String value)
            throws IOException {
        g.writeObjectFieldStart(name);
        g.writeObjectFieldStart("data");
        g.writeStringField("id", id);
        g.writeStringField("type", type);
        g.writeObjectFieldStart("attributes");
        if (value != null) {
            g.writeStringField(attribute, value);
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }
}
