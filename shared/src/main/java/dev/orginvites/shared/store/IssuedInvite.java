package dev.orginvites.shared.store;

import java.time.Instant;

/**
 * A pending invitation with what its delivery and its acceptance need, which the API does not show.
 *
 * @param inviterName the inviter's name as their token gave it at the create (a re-issue keeps it, as it keeps
 *     {@code invitedBy}), for the email; null when it had none
 * @param issuedAt when this issue was made (the create, or the resend that re-issued it): its id's time
 * @param tokenNonce the 128 random bits its accept token is derived from ({@code AcceptTokens}); null for an
 *     invitation created before invitations had tokens, which cannot be accepted until it is resent
 * @param deliveredAt when its email was recorded as sent, or null
 * @param delay the latest transient delay the mail service reported for its email (a soft bounce, a slow
 *     server), or null: recorded for the operator, it changes nothing else
 */
public record IssuedInvite(Invite invite, String invitedBy, String inviterName, Instant issuedAt, Instant expiresAt,
        String tokenNonce, Instant deliveredAt, DeliveryProblem delay) {
}
