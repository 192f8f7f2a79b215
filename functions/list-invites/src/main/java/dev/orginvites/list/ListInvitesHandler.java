package dev.orginvites.list;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Paging;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.InvitationDocuments.RoleForm;
import dev.orginvites.shared.jsonapi.InvitationDocuments;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.Map;

/** {@code GET /orgs/{org_id}/invites} (listOrgInvitation): a page of an org's pending invitations. */
public final class ListInvitesHandler extends OperationHandler {
    /** Priming reads the priming org's first page, which is empty (200). */
    public static final Operation OPERATION = Operation.route("GET /orgs/{org_id}/invites")
            .releases(ReleaseTable.of("2022-11-14"))
            .permissions(Permission.ORG_READ, Permission.ORG_USER_READ)
            .queryParameters(Paging.LIMIT, Paging.STARTING_AFTER, Paging.ENDING_BEFORE)
            .priming(Map.of(), null, 200)
            .handledBy(ListInvitesHandler.class, services -> new ListInvitesHandler(
                    services.store().invitations(), services.clock(), services.log()));

    private final Invitations invitations;

    /** Lambda's constructor: the function's composition root. */
    public ListInvitesHandler() {
        super(OPERATION);
        this.invitations = DynamoTable.fromEnvironment().invitations();
    }

    public ListInvitesHandler(Invitations invitations, Clock clock, RequestLog log) {
        super(OPERATION, clock, log);
        this.invitations = invitations;
    }

    @Override
    protected ApiResponse handle(CheckedRequest call) {
        Paging paging = Paging.of(call.request());
        InvitePage page = invitations.list(call.orgId(), paging.page(), call.now());
        return ApiResponse.document(200, InvitationDocuments.invitations(page.invites(), RoleForm.NAME,
                call.request().basePath(), paging.links(call.link("/orgs/" + call.orgId() + "/invites"),
                        call.requestedVersion(), page.previousCursor(), page.nextCursor())));
    }
}
