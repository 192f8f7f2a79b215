package dev.orginvites.memberships.update;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.Map;

/**
 * {@code PATCH /orgs/{org_id}/memberships/{membership_id}} (updateOrgMembership): gives a member another role. Giving
 * the role they have is a change like any other (204), recorded as one.
 */
public final class UpdateMembershipHandler extends OperationHandler {
    static final String MEMBERSHIP_ID = "membership_id";
    /**
     * Priming gives a membership that does not exist ({@link Priming#ABSENT_MEMBERSHIP}) a role that does not exist:
     * the role is read, nothing is written (400).
     */
    public static final Operation OPERATION = Operation.route("PATCH /orgs/{org_id}/memberships/{membership_id}")
            .releases(ReleaseTable.of("2024-06-06~experimental", "2024-08-25"))
            .permissions(Permission.ORG_MEMBERSHIP_EDIT)
            .takesBody()
            .priming(Map.of(MEMBERSHIP_ID, Priming.ABSENT_MEMBERSHIP),
                    RoleChange.document(Priming.ABSENT_MEMBERSHIP, Priming.ORG), 400)
            .handledBy(UpdateMembershipHandler.class, services -> new UpdateMembershipHandler(
                    services.store().memberships(), services.clock(), services.log()));

    private final Memberships memberships;

    /** Lambda's constructor: the function's composition root. */
    public UpdateMembershipHandler() {
        super(OPERATION);
        this.memberships = DynamoTable.fromEnvironment().memberships();
    }

    public UpdateMembershipHandler(Memberships memberships, Clock clock, RequestLog log) {
        super(OPERATION, clock, log);
        this.memberships = memberships;
    }

    @Override
    protected ApiResponse handle(CheckedRequest call) {
        String membershipId = call.id(MEMBERSHIP_ID);
        RoleChange change = RoleChange.read(call, membershipId);
        boolean changed;
        try {
            changed = memberships.changeRole(call.orgId(), membershipId, change.roleId(), call.claims().subject(),
                    call.now());
        } catch (UnknownRoleException e) {
            throw ApiError.badBody("role-not-found", RoleChange.ROLE_ID,
                    "Role " + change.roleId() + " does not exist in this org.");
        }
        if (!changed) {
            throw ApiError.notFound("membership-not-found", "No membership " + membershipId + " in this org.");
        }
        return ApiResponse.noContent();
    }
}
