package dev.orginvites.memberships.create;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.jsonapi.MembershipDocuments;
import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /orgs/{org_id}/memberships} (createOrgMembership): makes a user a member of the org with a role, without
 * an invitation. The user is named by id, the {@code sub} their tokens carry; a pending invitation for their address
 * is left as it is (accepting it then is the 409 an accept by a member is).
 */
public final class CreateMembershipHandler extends OperationHandler {
    /** Priming adds a user with a role that does not exist: the role is read, nothing is written (400). */
    public static final Operation OPERATION = Operation.route("POST /orgs/{org_id}/memberships")
            .releases(ReleaseTable.of("2024-05-09~experimental", "2024-08-25"))
            .permissions(Permission.ORG_MEMBERSHIP_ADD)
            .takesBody()
            .priming(Map.of(), MembershipRequest.document(Priming.ORG, "snapstart-priming", Priming.ORG), 400)
            .handledBy(CreateMembershipHandler.class, services -> new CreateMembershipHandler(
                    services.store().memberships(), services.clock(), services.log()));

    private final Memberships memberships;

    /** Lambda's constructor: the function's composition root. */
    public CreateMembershipHandler() {
        super(OPERATION);
        this.memberships = DynamoTable.fromEnvironment().memberships();
    }

    public CreateMembershipHandler(Memberships memberships, Clock clock, RequestLog log) {
        super(OPERATION, clock, log);
        this.memberships = memberships;
    }

    @Override
    protected ApiResponse handle(CheckedRequest call) {
        MembershipRequest request = MembershipRequest.read(call);
        Membership membership;
        try {
            membership = memberships.add(call.orgId(), request.userId(), request.roleId(), call.claims().subject(),
                    call.now());
        } catch (UnknownRoleException e) {
            throw ApiError.badBody("role-not-found", MembershipRequest.ROLE_ID,
                    "Role " + request.roleId() + " does not exist in this org.");
        } catch (AlreadyMemberException e) {
            throw ApiError.conflict("already-a-member", MembershipRequest.USER_ID,
                    "This user is a member of this org already.");
        }
        return ApiResponse.document(201, MembershipDocuments.membership(membership))
                .header("location", call.link("/orgs/" + call.orgId() + "/memberships/" + membership.id()));
    }
}
