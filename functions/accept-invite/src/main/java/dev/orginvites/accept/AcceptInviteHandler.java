package dev.orginvites.accept;

import dev.orginvites.shared.http.ApiRequest;
import dev.orginvites.shared.http.ApiResponse;
import dev.orginvites.shared.http.CheckedRequest;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.OperationHandler;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.jsonapi.MembershipDocuments;
import dev.orginvites.shared.jsonapi.RequestDocument;
import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.EmailAddresses;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.token.AcceptToken;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.SecretsManagerTokenKeys;
import dev.orginvites.shared.version.ReleaseTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /invites/accept} (acceptOrgInvitation): the invitee, signed in, presents the token of the invitation's
 * accept link and becomes a member of the invitation's org with its role. The route names no org: the token does,
 * and the caller is not yet a member of it.
 *
 * <p>The checks, in order: a malformed document is a 400; a token that is not one this API issued, that names no
 * pending invitation (unknown, accepted, cancelled, re-issued or expired) or whose MAC does not verify is a 404, one
 * answer for all, so a token tells nothing beyond whether it works; a caller whose token has no verified email, or one
 * that names no mailbox ({@code email-invalid}: a control or format character, say), or another mailbox than the
 * invitation's ({@code email-mismatch}; compared as {@link EmailAddresses} says), or whose {@code sub} is too long to
 * be stored as a member's id, is a 403; a caller who is a member already is a 409. Otherwise one transaction removes
 * the invitation and makes the membership (201), which keeps the names the caller's token carries ({@code name},
 * {@code preferred_username}) for the members list to show.
 */
public final class AcceptInviteHandler extends OperationHandler {
    static final String TYPE = "org_invitation_acceptance";
    static final String TOKEN = "token";
    /**
     * Priming presents a well-formed token for an invitation that does not exist ({@link Priming#ABSENT_INVITE}): the
     * store is read and the answer is a 404, before any key is needed, so the snapshot holds no key material.
     */
    static final String PRIMING_BODY = document(new AcceptToken(Priming.ORG, Priming.ABSENT_INVITE, new byte[32])
            .encode());
    public static final Operation OPERATION = Operation.route("POST /invites/accept")
            .releases(ReleaseTable.of("2024-10-15"))
            .takesBody()
            .priming(Map.of(), PRIMING_BODY, 404)
            .handledBy(AcceptInviteHandler.class, services -> new AcceptInviteHandler(services.store().invitations(),
                    services.store().memberships(), new AcceptTokens(services.tokenKeys()), services.clock(),
                    services.log()));

    private final Invitations invitations;
    private final Memberships memberships;
    private final AcceptTokens tokens;

    /**
     * Lambda's constructor, the function's composition root: the keys are the secret {@code TOKEN_SECRET_ID} names,
     * read on first use.
     */
    public AcceptInviteHandler() {
        super(OPERATION);
        DynamoTable table = DynamoTable.fromEnvironment();
        this.invitations = table.invitations();
        this.memberships = table.memberships();
        this.tokens = new AcceptTokens(SecretsManagerTokenKeys.fromEnvironment(System.getenv()::get,
                Clock.systemUTC()));
    }

    public AcceptInviteHandler(Invitations invitations, Memberships memberships, AcceptTokens tokens, Clock clock,
            RequestLog log) {
        super(OPERATION, clock, log);
        this.invitations = invitations;
        this.memberships = memberships;
        this.tokens = tokens;
    }

    /** The request document that presents a token. */
    static String document(String token) {
        return "{\"data\":{\"type\":\"" + TYPE + "\",\"attributes\":{\"" + TOKEN + "\":\"" + token + "\"}}}";
    }

    @Override
    protected ApiResponse handle(CheckedRequest call) {
        AcceptToken presented = AcceptToken.decode(token(call.request())).orElseThrow(AcceptInviteHandler::notFound);
        IssuedInvite issued = invitations.issued(presented.orgId(), presented.inviteId(), call.now())
                .orElseThrow(AcceptInviteHandler::notFound);
        if (!tokens.verify(presented, issued.tokenNonce())) {
            throw notFound();
        }
        String email = call.claims().verifiedEmail();
        if (email == null) {
            throw ApiError.forbidden("email-not-verified", "Accepting an invitation needs a token that carries "
                    + "your email address, verified (the claims email and email_verified).");
        }
        String mailbox = EmailAddresses.mailbox(email);
        if (mailbox == null) {
            throw ApiError.forbidden("email-invalid", "The email address your token carries (the claim email) is"
                    + " not one an invitation can be for: it holds a control, format or separator character, or is"
                    + " not an address.");
        }
        if (!mailbox.equals(EmailAddresses.mailbox(issued.invite().email()))) {
            throw ApiError.forbidden("email-mismatch", "This invitation was sent to another email address.");
        }
        if (call.claims().subject().getBytes(StandardCharsets.UTF_8).length > Memberships.MAX_USER_ID_BYTES) {
            throw ApiError.forbidden("user-id-too-long", "A member's user id (the token's sub) can be at most "
                    + Memberships.MAX_USER_ID_BYTES + " bytes long.");
        }
        try {
            Membership membership = memberships.accept(presented.orgId(), presented.inviteId(), issued.tokenNonce(),
                    call.claims().subject(), new UserNames(call.claims().name(), call.claims().preferredUsername()),
                    call.now()).orElseThrow(AcceptInviteHandler::notFound);
            return ApiResponse.document(201, MembershipDocuments.membership(membership));
        } catch (AlreadyMemberException e) {
            throw ApiError.conflict("already-a-member", null, "You are a member of this invitation's org already.");
        }
    }

    /** The token the document presents: a string that is not empty (what it holds is the token's own check). */
    private static String token(ApiRequest request) {
        RequestDocument.Members attributes = RequestDocument.attributes(request.header("content-type"), request.body(),
                TYPE, Set.of(TOKEN), false);
        Object token = attributes.get(TOKEN);
        String pointer = attributes.pointer(TOKEN);
        if (token == null) {
            throw ApiError.badBody(pointer, "'" + pointer
                    + "' is required: the token of the invitation's accept link.");
        }
        if (!(token instanceof String) || ((String) token).isEmpty()) {
            throw ApiError.badBody(pointer, "'" + pointer + "' must be a string that is not empty.");
        }
        return (String) token;
    }

    private static ApiError notFound() {
        return ApiError.notFound("invite-not-found",
                "No pending invitation has this token: it may have been accepted, cancelled, resent or expired.");
    }
}
