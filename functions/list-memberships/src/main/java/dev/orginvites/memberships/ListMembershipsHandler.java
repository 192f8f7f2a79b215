package dev.orginvites.memberships;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Paging;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.MembershipDocuments;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.Map;

/**
 * {@code GET /orgs/{org_id}/memberships} (listOrgMemberships): a page of the org's memberships, the users who joined
 * by accepting an invitation, in joining order. It follows Snyk's published operation (release 2024-08-25, its
 * permission {@code org.membership.read}) as far as this API's data goes: Snyk's sorting ({@code sort_by},
 * {@code sort_order}) and filters ({@code email}, {@code user_id}, {@code username}, {@code role_name}) are not
 * served, and like any parameter an operation does not take they are a 400 naming the parameter.
 */
public final class ListMembershipsHandler extends OperationHandler {
    /** Priming reads the priming org's first page, which is empty (200). */
    public static final Operation OPERATION = Operation.route("GET /orgs/{org_id}/memberships")
            .releases(ReleaseTable.of("2024-08-25"))
            .permissions(Permission.ORG_MEMBERSHIP_READ)
            .queryParameters(Paging.LIMIT, Paging.STARTING_AFTER, Paging.ENDING_BEFORE)
            .priming(Map.of(), null, 200)
            .handledBy(ListMembershipsHandler.class, services -> new ListMembershipsHandler(
                    services.store().memberships(), services.clock(), services.log()));

    private final Memberships memberships;

    /** Lambda's constructor: the function's composition root. */
    public ListMembershipsHandler() {
        super(OPERATION);
        this.memberships = DynamoTable.fromEnvironment().memberships();
    }

    public ListMembershipsHandler(Memberships memberships, Clock clock, RequestLog log) {
        super(OPERATION, clock, log);
        this.memberships = memberships;
    }

    @Override
    protected ApiResponse handle(CheckedRequest call) {
        Paging paging = Paging.of(call.request());
        MembershipPage page = memberships.list(call.orgId(), paging.page());
        return ApiResponse.document(200, MembershipDocuments.memberships(page.memberships(),
                paging.links(call.link("/orgs/" + call.orgId() + "/memberships"), call.requestedVersion(),
                        page.previousCursor(), page.nextCursor())));
    }
}
