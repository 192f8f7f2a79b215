package dev.orginvites.memberships.create;

import dev.orginvites.shared.auth.ClaimsReader;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.jsonapi.MembershipDocuments;
import dev.orginvites.shared.jsonapi.RequestDocument;
import dev.orginvites.shared.jsonapi.RequestDocument.Members;
import dev.orginvites.shared.store.Memberships;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The body of a create, Snyk's {@code CreateOrgMembershipRequestBody20240825}: an {@code org_membership} whose
 * relationships name the org (the path's), the role (a role id) and the user (the {@code sub} of their tokens, which
 * need not be a UUID), each as {@code {"data": {"type": ..., "id": ...}}}.
 *
 * @param roleId lower-case
 */
record MembershipRequest(String userId, String roleId) {
    static final String ORG_ID = "/data/relationships/org/data/id";
    static final String ROLE_ID = "/data/relationships/role/data/id";
    static final String USER_ID = "/data/relationships/user/data/id";

    /** The document that adds {@code userId} to {@code orgId} with {@code roleId}. */
    static String document(String orgId, String userId, String roleId) {
        return "{\"data\":{\"type\":\"" + MembershipDocuments.MEMBERSHIP_TYPE + "\",\"relationships\":{"
                + "\"org\":{\"data\":{\"type\":\"org\",\"id\":\"" + orgId + "\"}},"
                + "\"role\":{\"data\":{\"type\":\"org_role\",\"id\":\"" + roleId + "\"}},"
                + "\"user\":{\"data\":{\"type\":\"user\",\"id\":\"" + userId + "\"}}}}}";
    }

    /** The request's document, read and checked member by member: any fault is a 400 that points at it. */
    static MembershipRequest read(CheckedRequest call) {
        Members data = RequestDocument.data(call.request().header("content-type"), call.request().body(),
                Set.of("type", "relationships"));
        if (!MembershipDocuments.MEMBERSHIP_TYPE.equals(data.string("type"))) {
            throw ApiError.badBody(data.pointer("type"), "The resource type must be '"
                    + MembershipDocuments.MEMBERSHIP_TYPE + "'.");
        }
        Members relationships = data.object("relationships", Set.of("org", "role", "user"));
        String orgId = relationships.identifier("org", "org").string("id");
        if (!Ids.isUuid(orgId) || !Ids.canonical(orgId).equals(call.orgId())) {
            throw ApiError.badBody(ORG_ID, "'" + ORG_ID + "' must be the id of the org in the path.");
        }
        String roleId = relationships.identifier("role", "org_role").string("id");
        if (!Ids.isUuid(roleId)) {
            throw ApiError.badBody(ROLE_ID, "'" + ROLE_ID + "' must be a role id (a UUID).");
        }
        String userId = relationships.identifier("user", "user").string("id");
        if (!ClaimsReader.isSubject(userId)
                || userId.getBytes(StandardCharsets.UTF_8).length > Memberships.MAX_USER_ID_BYTES) {
            throw ApiError.badBody(USER_ID, "'" + USER_ID + "' must be a user id, the sub of their tokens: 1 to "
                    + Memberships.MAX_USER_ID_BYTES + " bytes of text, not blank.");
        }
        return new MembershipRequest(userId, Ids.canonical(roleId));
    }
}
