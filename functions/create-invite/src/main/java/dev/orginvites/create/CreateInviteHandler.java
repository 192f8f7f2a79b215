package dev.orginvites.create;

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
import dev.orginvites.shared.jsonapi.Documents;
import dev.orginvites.shared.jsonapi.Documents.RoleForm;
import dev.orginvites.shared.store.dynamodb.DynamoInviteStore;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /orgs/{org_id}/invites} (createOrgInvitation): invite a user to an org with a role. */
public final class CreateInviteHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /**
     * createOrgInvitation's releases (Snyk's {@code x-snyk-api-releases}, all GA) and how each reads the request
     * body. Every release answers with the same document, the role shown by its id.
     */
    static final ReleaseTable<InvitationRequest.Reader> RELEASES = ReleaseTable.<InvitationRequest.Reader>builder()
            .release("2022-06-01", InvitationRequest.Reader.TOP_LEVEL)
            .release("2023-04-28", InvitationRequest.Reader.DOCUMENT_WITH_RELATIONSHIPS)
            .release("2024-06-21", InvitationRequest.Reader.DOCUMENT)
            .build();
    static final Operation OPERATION = new Operation("POST /orgs/{org_id}/invites", RELEASES,
            List.of(Permission.ORG_USER_INVITE), Set.of(), List.of(Endpoint.ORG_ID), true);

    private final InviteStore store;
    private final Endpoint endpoint;
    /** Kept here because CRaC holds its resources weakly. */
    private Priming priming;

    /** The Lambda runtime's constructor: configuration from the environment, and SnapStart priming. */
    public CreateInviteHandler() {
        this(DynamoInviteStore.fromSettings(Settings.fromEnvironment()), Clock.systemUTC(), RequestLog.stdout());
        priming = Priming.register(new CreateInviteHandler(store, Clock.systemUTC(), RequestLog.discard()), primingRequests());
    }

    /** What SnapStart priming sends: a role that does not exist: the role is read, nothing is written (400). */
    public static List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(Priming.request("POST", "/orgs/{org_id}/invites", Map.of(Endpoint.ORG_ID, Priming.ORG),
                "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"priming@example.com\","
                        + "\"role\":\"" + Priming.ORG + "\"}}}"));
    }

    public CreateInviteHandler(InviteStore store, Clock clock, RequestLog log) {
        this.store = store;
        this.endpoint = new Endpoint(OPERATION, clock, log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return endpoint.handle(event, context, this::create);
    }

    private ApiResponse create(Call call) {
        InvitationRequest request = RELEASES.behaviour(call.version().served()).read(call.request());
        Invite invite;
        try {
            invite = store.create(call.orgId(), request.email(), request.roleId(), call.claims().subject(), call.now());
        } catch (UnknownRoleException e) {
            throw ApiException.badBody("role-not-found", request.pointer("role"),
                    "Role " + request.roleId() + " does not exist in this org.");
        } catch (InviteAlreadyPendingException e) {
            throw ApiException.conflict("invite-already-pending", request.pointer("email"),
                    "An invitation for this email address is already pending in this org.");
        }
        String location = "/orgs/" + call.orgId() + "/invites/" + invite.id();
        return ApiResponse.document(201, Documents.invitation(invite, RoleForm.ID, location))
                .header("location", location);
    }
}
