package dev.orginvites.cancel;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.Call;
import dev.orginvites.shared.http.Endpoint;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiException;
import dev.orginvites.shared.store.dynamodb.DynamoInviteStore;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code DELETE /orgs/{org_id}/invites/{invite_id}} (deleteOrgInvitation): cancel a pending invitation. */
public final class CancelInviteHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String INVITE_ID = "invite_id";
    static final Operation OPERATION = new Operation("DELETE /orgs/{org_id}/invites/{invite_id}",
            ReleaseTable.of("2022-11-14"), List.of(Permission.ORG_USER_INVITE), Set.of(),
            List.of(Endpoint.ORG_ID, INVITE_ID), false);

    private final InviteStore store;
    private final Endpoint endpoint;
    /** Kept here because CRaC holds its resources weakly. */
    private Priming priming;

    /** The Lambda runtime's constructor: configuration from the environment, and SnapStart priming. */
    public CancelInviteHandler() {
        this(DynamoInviteStore.fromSettings(Settings.fromEnvironment()), Clock.systemUTC(), RequestLog.stdout());
        priming = Priming.register(new CancelInviteHandler(store, Clock.systemUTC(), RequestLog.discard()), primingRequests());
    }

    /**
     * What SnapStart priming sends: an invite that does not exist: it is read, nothing is written (404). Its id is
     * the last UUIDv7 there can be, above any expiry floor, so the store reads it rather than refusing it unread.
     */
    public static List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("DELETE", "/orgs/{org_id}/invites/{invite_id}",
                Map.of(Endpoint.ORG_ID, Priming.ORG, INVITE_ID, "ffffffff-ffff-7fff-bfff-ffffffffffff"), null));
    }

    public CancelInviteHandler(InviteStore store, Clock clock, RequestLog log) {
        this.store = store;
        this.endpoint = new Endpoint(OPERATION, clock, log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return endpoint.handle(event, context, this::cancel);
    }

    private ApiResponse cancel(Call call) {
        String inviteId = call.id(INVITE_ID);
        if (!store.cancel(call.orgId(), inviteId, call.claims().subject(), call.now())) {
            throw ApiException.notFound("invite-not-found", "No pending invitation " + inviteId + " in this org.");
        }
        return ApiResponse.noContent();
    }
}
