package dev.orginvites.resend;

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
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.InviteFailedException;
import dev.orginvites.shared.store.InviteQuotaExceededException;
import dev.orginvites.shared.store.ResendTooSoonException;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.version.ReleaseTable;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code POST /orgs/{org_id}/invites/{invite_id}/resend} (resendOrgInvitation): re-issues a pending invitation, which
 * sends its email again with a new accept link. The store replaces the invitation by one with a new id, a new
 * expiry and a new token nonce (so the old link stops working); the answer is that new invitation, as create answers
 * one, with its {@code location}. At most once per {@code RESEND_INTERVAL} of an invitation's issue: sooner is a 429
 * with {@code retry-after}; so is a resend beyond the org's invite quota, which counts resends with creates. An
 * invitation whose email failed for good (bounced, suppressed, marked as spam, rejected) is never sent again: 409
 * {@code invite-failed}.
 */
public final class ResendInviteHandler extends OperationHandler {
    static final String INVITE_ID = "invite_id";
    /** Priming resends an invite that does not exist ({@link Priming#ABSENT_INVITE}): 404, nothing written. */
    public static final Operation OPERATION = Operation.route("POST /orgs/{org_id}/invites/{invite_id}/resend")
            .releases(ReleaseTable.of("2024-10-15"))
            .permissions(Permission.ORG_USER_INVITE)
            .priming(Map.of(INVITE_ID, Priming.ABSENT_INVITE), null, 404)
            .handledBy(ResendInviteHandler.class, services -> new ResendInviteHandler(
                    services.store().invitations(), services.clock(), services.log()));

    private final Invitations invitations;
    private final Duration interval;

    /** Lambda's constructor: the function's composition root. */
    public ResendInviteHandler() {
        super(OPERATION);
        this.invitations = DynamoTable.fromEnvironment().invitations();
        this.interval = ResendSettings.fromEnvironment().interval();
    }

    /** Off Lambda, with the interval as in Lambda: {@code RESEND_INTERVAL} from the environment, else PT5M. */
    public ResendInviteHandler(Invitations invitations, Clock clock, RequestLog log) {
        this(invitations, clock, log, ResendSettings.fromEnvironment().interval());
    }

    public ResendInviteHandler(Invitations invitations, Clock clock, RequestLog log, Duration interval) {
        super(OPERATION, clock, log);
        this.invitations = invitations;
        this.interval = interval;
    }

    @Override
    protected ApiResponse handle(CheckedRequest request) {
        String inviteId = request.id(INVITE_ID);
        Invite reissued;
        try {
            reissued = invitations.resend(request.orgId(), inviteId, request.claims().subject(), interval,
                            request.now())
                    .orElseThrow(() -> ApiError.notFound("invite-not-found",
                            "No pending invitation " + inviteId + " in this org."))
                    .invite();
        } catch (ResendTooSoonException e) {
            throw ApiError.tooManyRequests("resend-too-soon", "This invitation was sent less than "
                    + interval + " ago; it may be resent from " + e.retryAt() + ".",
                    Duration.between(request.now(), e.retryAt()));
        } catch (InviteQuotaExceededException e) {
            throw InviteQuotaErrors.exceeded(e, request.now());
        } catch (InviteFailedException e) {
            throw ApiError.conflict("invite-failed", null, "This invitation's email failed ("
                    + e.failure().reason() + " at " + e.failure().atText() + "), so it is not sent again; cancel it "
                    + "and invite the address again once the address is fixed.");
        }
        String location = request.link("/orgs/" + request.orgId() + "/invites/" + reissued.id());
        return ApiResponse.document(201, InvitationDocuments.invitation(reissued, RoleForm.ID,
                        request.request().basePath(), location))
                .header("location", location);
    }
}
