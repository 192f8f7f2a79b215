package dev.orginvites.cancel;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.Map;

/** {@code DELETE /orgs/{org_id}/invites/{invite_id}} (deleteOrgInvitation): cancel a pending invitation. */
public final class CancelInviteHandler extends OperationHandler {
    static final String INVITE_ID = "invite_id";
    /** Priming cancels an invite that does not exist ({@link Priming#ABSENT_INVITE}): 404, nothing written. */
    public static final Operation OPERATION = Operation.route("DELETE /orgs/{org_id}/invites/{invite_id}")
            .releases(ReleaseTable.of("2022-11-14"))
            .permissions(Permission.ORG_USER_INVITE)
            .priming(Map.of(INVITE_ID, Priming.ABSENT_INVITE), null, 404)
            .handledBy(CancelInviteHandler.class, services -> new CancelInviteHandler(
                    services.store().invitations(), services.clock(), services.log()));

    private final Invitations invitations;

    /** Lambda's constructor: the function's composition root. */
    public CancelInviteHandler() {
        super(OPERATION);
        this.invitations = DynamoTable.fromEnvironment().invitations();
    }

    public CancelInviteHandler(Invitations invitations, Clock clock, RequestLog log) {
        super(OPERATION, clock, log);
        this.invitations = invitations;
    }

    @Override
    protected ApiResponse handle(CheckedRequest request) {
        String inviteId = request.id(INVITE_ID);
        if (!invitations.cancel(request.orgId(), inviteId, request.claims().subject(), request.now())) {
            throw ApiError.notFound("invite-not-found", "No pending invitation " + inviteId + " in this org.");
        }
        return ApiResponse.noContent();
    }
}
