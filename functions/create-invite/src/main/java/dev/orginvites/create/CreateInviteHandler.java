package dev.orginvites.create;

import dev.orginvites.shared.auth.Permission;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.jsonapi.InvitationDocuments.RoleForm;
import dev.orginvites.shared.jsonapi.InvitationDocuments;
import dev.orginvites.shared.jsonapi.InviteQuotaErrors;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InviteQuotaExceededException;
import dev.orginvites.shared.store.IdempotencyKeys;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /orgs/{org_id}/invites} (createOrgInvitation): invite a user to an org with a role, within the org's
 * invite quota (a 429 beyond it).
 */
public final class CreateInviteHandler extends OperationHandler {
    /**
     * createOrgInvitation's releases (Snyk's {@code x-snyk-api-releases}, all GA) and how each reads the request
     * body. Every release answers with the same document, the role shown by its id.
     */
    static final ReleaseTable<InvitationRequest.Reader> RELEASES = ReleaseTable.<InvitationRequest.Reader>builder()
            .release("2022-06-01", InvitationRequest.Reader.TOP_LEVEL)
            .release("2023-04-28", InvitationRequest.Reader.DOCUMENT_WITH_RELATIONSHIPS)
            .release("2024-06-21", InvitationRequest.Reader.DOCUMENT)
            .build();
    /** Priming invites with a role that does not exist: the role is read, nothing is written (400). */
    public static final Operation OPERATION = Operation.route("POST /orgs/{org_id}/invites")
            .releases(RELEASES)
            .permissions(Permission.ORG_USER_INVITE)
            .takesBody()
            .priming(Map.of(), "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":"
                    + "\"priming@example.com\",\"role\":\"" + Priming.ORG + "\"}}}", 400)
            .handledBy(CreateInviteHandler.class, services -> new CreateInviteHandler(services.store().invitations(),
                    services.store().idempotencyKeys(), services.clock(), services.log()));

    private final Invitations invitations;
    private final IdempotencyKeys idempotencyKeys;

    /** Lambda's constructor: the function's composition root. */
    public CreateInviteHandler() {
        super(OPERATION);
        DynamoTable table = DynamoTable.fromEnvironment();
        this.invitations = table.invitations();
        this.idempotencyKeys = table.idempotencyKeys();
    }

    public CreateInviteHandler(Invitations invitations, IdempotencyKeys idempotencyKeys, Clock clock,
            RequestLog log) {
        super(OPERATION, clock, log);
        this.invitations = invitations;
        this.idempotencyKeys = idempotencyKeys;
    }

    @Override
    protected ApiResponse handle(CheckedRequest call) {
        InvitationRequest request = RELEASES.behaviour(call.version().served()).read(call.request());
        String idempotencyKey = call.request().header(IdempotentCreate.HEADER);
        if (idempotencyKey != null) {
            return IdempotentCreate.answer(idempotencyKeys, call, request, idempotencyKey,
                    key -> create(call, request, key));
        }
        return create(call, request, null);
    }

    /** Creates the invite; with a key, the store records the answer with it (see {@link IdempotentCreate}). */
    private ApiResponse create(CheckedRequest call, InvitationRequest request, IdempotencyKey key) {
        Invite invite;
        // With a key, the answer recorded is the one returned, rendered once.
        ApiResponse[] recorded = new ApiResponse[1];
        try {
            // The invitation keeps the inviter's name, which its email shows.
            UserNames inviter = new UserNames(call.claims().name(), call.claims().preferredUsername());
            invite = key == null
                    ? invitations.create(call.orgId(), request.email(), request.roleId(), call.claims().subject(),
                            inviter, call.now())
                    : invitations.create(call.orgId(), request.email(), request.roleId(), call.claims().subject(),
                            inviter, call.now(), key, created -> {
                                recorded[0] = created(call, created);
                                return new IdempotencyRecord(key.fingerprint(), recorded[0].status(),
                                        recorded[0].headers().get("location"), recorded[0].body());
                            });
        } catch (UnknownRoleException e) {
            throw ApiError.badBody("role-not-found", request.pointer("role"),
                    "Role " + request.roleId() + " does not exist in this org.");
        } catch (InviteAlreadyPendingException e) {
            throw ApiError.conflict("invite-already-pending", request.pointer("email"),
                    "An invitation for this email address is already pending in this org.");
        } catch (InviteQuotaExceededException e) {
            throw InviteQuotaErrors.exceeded(e, call.now());
        }
        return recorded[0] != null ? recorded[0] : created(call, invite);
    }

    private static ApiResponse created(CheckedRequest call, Invite invite) {
        String location = call.link("/orgs/" + call.orgId() + "/invites/" + invite.id());
        return ApiResponse.document(201, InvitationDocuments.invitation(invite, RoleForm.ID,
                        call.request().basePath(), location))
                .header("location", location);
    }
}
