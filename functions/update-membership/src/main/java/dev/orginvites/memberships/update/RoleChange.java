package dev.orginvites.memberships.update;

import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.jsonapi.Echo;
import dev.orginvites.shared.jsonapi.MembershipDocuments;
import dev.orginvites.shared.jsonapi.RequestDocument;
import dev.orginvites.shared.jsonapi.RequestDocument.Members;
import java.util.Set;

/**
 * The body of an update, Snyk's {@code UpdateOrgMembershipRequestBody20240825} as its {@code data}: the membership
 * ({@code type}, {@code id}) and its new role ({@code relationships.role}, a role id); {@code attributes}, which the
 * spec allows, holds nothing that can be changed, so it must be empty.
 *
 * <p>A document that names another resource than the path's is a 409, as JSON:API says of a PATCH whose {@code type}
 * or {@code id} does not match the endpoint's. Snyk's spec describes {@code data.id} as the org's id, JSON:API as the
 * resource's (the membership's): either is taken.
 *
 * @param roleId lower-case
 */
record RoleChange(String roleId) {
    static final String ROLE_ID = "/data/relationships/role/data/id";

    /** The document that gives {@code membershipId} the role {@code roleId}. */
    static String document(String membershipId, String roleId) {
        return "{\"data\":{\"type\":\"" + MembershipDocuments.MEMBERSHIP_TYPE + "\",\"id\":\"" + membershipId
                + "\",\"relationships\":{\"role\":{\"data\":{\"type\":\"org_role\",\"id\":\"" + roleId + "\"}}}}}";
    }

    /** The request's document, read member by member: a 409 for another resource, else a 400 for any fault. */
    static RoleChange read(CheckedRequest call, String membershipId) {
        Members data = RequestDocument.data(call.request().header("content-type"), call.request().body(),
                Set.of("type", "id", "attributes", "relationships"));
        String type = data.string("type");
        if (!MembershipDocuments.MEMBERSHIP_TYPE.equals(type)) {
            throw ApiError.conflict("resource-mismatch", data.pointer("type"), "'" + Echo.of(type)
                    + "' is not this resource's type, '" + MembershipDocuments.MEMBERSHIP_TYPE + "'.");
        }
        String id = data.string("id");
        if (!Ids.isUuid(id) || !(Ids.canonical(id).equals(membershipId) || Ids.canonical(id).equals(call.orgId()))) {
            throw ApiError.conflict("resource-mismatch", data.pointer("id"), "'" + Echo.of(id)
                    + "' is not this resource's id: the membership's (or, as Snyk's spec describes it, the org's).");
        }
        if (data.values().containsKey("attributes")) {
            data.object("attributes", Set.of());
        }
        String roleId = data.object("relationships", Set.of("role")).identifier("role", "org_role").string("id");
        if (!Ids.isUuid(roleId)) {
            throw ApiError.badBody(ROLE_ID, "'" + ROLE_ID + "' must be a role id (a UUID).");
        }
        return new RoleChange(Ids.canonical(roleId));
    }
}
