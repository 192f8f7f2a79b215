package dev.orginvites.memberships.delete;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.Map;

/**
 * {@code DELETE /orgs/{org_id}/memberships/{membership_id}} (deleteOrgMembership): removes a member from the org,
 * keeping an audit record of who removed whom and when. The user may then join again, by an invitation or an add.
 */
public final class DeleteMembershipHandler extends OperationHandler {
    static final String MEMBERSHIP_ID = "membership_id";
    /** Priming removes a membership that does not exist ({@link Priming#ABSENT_MEMBERSHIP}): 404, nothing written. */
    public static final Operation OPERATION = Operation.route("DELETE /orgs/{org_id}/memberships/{membership_id}")
            .releases(ReleaseTable.of("2024-06-06~experimental", "2024-08-25"))
            .permissions(Permission.ORG_MEMBERSHIP_DELETE)
            .priming(Map.of(MEMBERSHIP_ID, Priming.ABSENT_MEMBERSHIP), null, 404)
            .handledBy(DeleteMembershipHandler.class, services -> new DeleteMembershipHandler(
                    services.store().memberships(), services.clock(), services.log()));

    private final Memberships memberships;

    /** Lambda's constructor: the function's composition root. */
    public DeleteMembershipHandler() {
        super(OPERATION);
        this.memberships = DynamoTable.fromEnvironment().memberships();
    }

    public DeleteMembershipHandler(Memberships memberships, Clock clock, RequestLog log) {
        super(OPERATION, clock, log);
        this.memberships = memberships;
    }

    @Override
    protected ApiResponse handle(CheckedRequest call) {
        String membershipId = call.id(MEMBERSHIP_ID);
        if (!memberships.remove(call.orgId(), membershipId, call.claims().subject(), call.now())) {
            throw ApiError.notFound("membership-not-found", "No membership " + membershipId + " in this org.");
        }
        return ApiResponse.noContent();
    }
}
