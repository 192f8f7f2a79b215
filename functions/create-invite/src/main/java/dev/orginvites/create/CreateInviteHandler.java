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
import dev.orginvites.shared.store.DynamoInviteStore;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code POST /orgs/{org_id}/invites} (createOrgInvitation): invite a user to an org with a role. */
public final class CreateInviteHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final Operation OPERATION = new Operation("POST /orgs/{org_id}/invites",
            ReleaseTable.of("2022-06-01~beta", "2023-04-28", "2024-06-21"),
            List.of(Permission.ORG_USER_INVITE), Set.of(), List.of(Endpoint.ORG_ID), true);
    /** From this release on, the created invitation shows its role by id; before, by name. */
    private static final LocalDate ROLE_BY_ID_FROM = LocalDate.of(2024, 6, 21);

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
        InvitationRequest request = InvitationRequest.parse(call.request());
        Invite invite;
        try {
            invite = store.create(call.orgId(), request.email(), request.roleId(), call.claims().subject(), call.now());
        } catch (UnknownRoleException e) {
            throw ApiException.badBody("role-not-found", "/data/attributes/role",
                    "Role " + request.roleId() + " does not exist in this org.");
        } catch (InviteAlreadyPendingException e) {
            throw ApiException.conflict("invite-already-pending", "/data/attributes/email",
                    "An invitation for this email address is already pending in this org.");
        }
        RoleForm roleForm = call.version().served().date().isBefore(ROLE_BY_ID_FROM) ? RoleForm.NAME : RoleForm.ID;
        String location = "/orgs/" + call.orgId() + "/invites/" + invite.id();
        return ApiResponse.document(201, Documents.invitation(invite, roleForm, location))
                .header("location", location);
    }
}
