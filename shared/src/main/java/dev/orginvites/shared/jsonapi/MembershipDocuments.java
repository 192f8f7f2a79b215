package dev.orginvites.shared.jsonapi;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.orginvites.shared.store.Membership;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Renders memberships ({@code org_membership} resources) in the shape of the items of Snyk's listOrgMemberships:
 * {@code created_at} (when the user joined), and the org (with its name in the directory, when it has one), the role
 * (with its name) and the user (with the address the invitation was sent to and the user's verified email matched,
 * and the names their token carried when they accepted) as relationships. The user's id is the token's {@code sub}.
 * What is not known is left out, never an empty string or a null: Snyk's login method always, the rest when absent.
 */
public final class MembershipDocuments {
    public static final String MEMBERSHIP_TYPE = "org_membership";

    private MembershipDocuments() {
    }

    /**
     * A single membership, as an accept or an add answers it: without the org's name, which neither reads (the list
     * shows it).
     */
    public static String membership(Membership membership) {
        return JsonApiDocument.write(g -> {
            g.writeFieldName("data");
            resource(g, membership, null);
        });
    }

    /**
     * A page of one org's memberships; {@code links} in the order given.
     *
     * @param orgName the org's name, or null when it has none
     */
    public static String memberships(List<Membership> memberships, String orgName, Map<String, String> links) {
        return JsonApiDocument.write(g -> {
            g.writeArrayFieldStart("data");
            for (Membership membership : memberships) {
                resource(g, membership, orgName);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("links");
            for (Map.Entry<String, String> link : links.entrySet()) {
                g.writeStringField(link.getKey(), link.getValue());
            }
            g.writeEndObject();
        });
    }

    /**
     * One membership's resource object, written where {@code g} stands (an event's {@code data}: see the
     * {@code publish-events} function), as the list shows it.
     *
     * @param orgName the org's name, or null when it has none (or it was not read)
     */
    public static void resource(JsonGenerator g, Membership membership, String orgName) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", membership.id());
        g.writeStringField("type", MEMBERSHIP_TYPE);
        g.writeObjectFieldStart("attributes");
        g.writeStringField("created_at", membership.joinedAt().toString());
        g.writeEndObject();
        g.writeObjectFieldStart("relationships");
        startRelated(g, "org", membership.orgId(), "org");
        Json.writeOptional(g, "name", orgName);
        endRelated(g);
        startRelated(g, "role", membership.roleId(), "org_role");
        // A role stored without a name shows its id, as invitations do.
        g.writeStringField("name", membership.roleName() != null ? membership.roleName() : membership.roleId());
        endRelated(g);
        startRelated(g, "user", membership.userId(), "user");
        Json.writeOptional(g, "name", membership.userNames().name());
        Json.writeOptional(g, "username", membership.userNames().username());
        Json.writeOptional(g, "email", membership.email());
        endRelated(g);
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * Opens a relationship's resource identifier and its {@code attributes} object, which Snyk's schema requires even
     * when it holds nothing known (an org without a name, a member added without an address or names).
     */
    private static void startRelated(JsonGenerator g, String name, String id, String type) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeObjectFieldStart("data");
        g.writeStringField("id", id);
        g.writeStringField("type", type);
        g.writeObjectFieldStart("attributes");
    }

    private static void endRelated(JsonGenerator g) throws IOException {
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }
}
