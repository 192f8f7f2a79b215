package dev.orginvites.get;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.jsonapi.InvitationDocuments.FailureForm;
import dev.orginvites.shared.jsonapi.InvitationDocuments.RoleForm;
import dev.orginvites.shared.jsonapi.InvitationDocuments;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.Map;

/**
 * {@code GET /orgs/{org_id}/invites/{invite_id}} (getOrgInvitation): one pending invitation, the resource a page of
 * the list shows (its role by name), with its own link: what create's {@code location} and {@code links.self} name.
 * From release 2026-12-04 on, an invitation whose email failed for good shows why and when.
 */
public final class GetInviteHandler extends OperationHandler {
    static final String INVITE_ID = "invite_id";
    /**
     * getOrgInvitation's releases and whether each shows a failed invitation's failure: 2024-10-15 answers the list's
     * resource exactly (Snyk's attributes, which allow nothing more), 2026-12-04 adds {@code failed_at} and
     * {@code failed_reason} to a failed invitation's attributes.
     */
    static final ReleaseTable<FailureForm> RELEASES = ReleaseTable.<FailureForm>builder()
            .release("2024-10-15", FailureForm.OMITTED)
            .release("2026-12-04", FailureForm.SHOWN)
            .build();
    /** Priming reads an invite that does not exist ({@link Priming#ABSENT_INVITE}): 404, nothing written. */
    public static final Operation OPERATION = Operation.route("GET /orgs/{org_id}/invites/{invite_id}")
            .releases(RELEASES)
            .permissions(Permission.ORG_READ, Permission.ORG_USER_READ)
            .priming(Map.of(INVITE_ID, Priming.ABSENT_INVITE), null, 404)
            .handledBy(GetInviteHandler.class, services -> new GetInviteHandler(
                    services.store().invitations(), services.clock(), services.log()));

    private final Invitations invitations;

    /** Lambda's constructor: the function's composition root. */
    public GetInviteHandler() {
        super(OPERATION);
        this.invitations = DynamoTable.fromEnvironment().invitations();
    }

    public GetInviteHandler(Invitations invitations, Clock clock, RequestLog log) {
        super(OPERATION, clock, log);
        this.invitations = invitations;
    }

    @Override
    protected ApiResponse handle(CheckedRequest request) {
        String inviteId = request.id(INVITE_ID);
        Invite invite = invitations.find(request.orgId(), inviteId, request.now()).orElseThrow(
                () -> ApiError.notFound("invite-not-found", "No pending invitation " + inviteId + " in this org."));
        return ApiResponse.document(200, InvitationDocuments.invitation(invite, RoleForm.NAME,
                RELEASES.behaviour(request.version().served()), request.request().basePath(),
                request.link("/orgs/" + request.orgId() + "/invites/" + inviteId)));
    }
}
