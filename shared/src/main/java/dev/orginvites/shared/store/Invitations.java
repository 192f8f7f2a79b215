package dev.orginvites.shared.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * An org's pending invitations, from create to their end (cancelled, re-issued, accepted through {@link Memberships},
 * expired), with what delivery records on them: every rule the API relies on, which every implementation keeps (the
 * test kit's {@code InvitationsConformance} holds them).
 *
 * <p>A create's refusals are exceptions of their own ({@link UnknownRoleException},
 * {@link InviteAlreadyPendingException}, {@link InviteQuotaExceededException}, the last a resend's too, as are
 * {@link ResendTooSoonException} and {@link InviteFailedException}): each is one answer of the API (a 400, a 409 or a
 * 429), a caller that forgets one gets a failure rather than a silently wrong answer, and they cost the cold path no
 * class until thrown. A cancel's one refusal (nothing pending to cancel) is its boolean.
 */
public interface Invitations {
    /**
     * How many re-issues {@link #recordFailure} follows from a resent issue to the current one: more than an address
     * is resent to in any one TTL at the default quota and interval.
     */
    int REISSUES_FOLLOWED = 64;

    /**
     * Creates a pending invite, unless one is already pending for the same address in the org.
     *
     * @param email the address as given (validated, trimmed of ASCII spaces); it is compared as the mailbox it names
     *     ({@link EmailAddresses#mailbox})
     * @param inviterNames the names the inviter's token carries: the invite keeps the name, which its email shows
     *     ({@link IssuedInvite#inviterName}), and every re-issue keeps it too
     * @throws IllegalArgumentException when the address names no mailbox: nothing is written
     * @throws UnknownRoleException when the role does not exist in the org
     * @throws InviteAlreadyPendingException when an invite for the address is pending
     * @throws InviteQuotaExceededException when the org has used its {@link InviteQuota} (checked after the role,
     *     before the address): nothing is written. A create that is refused or fails counts nothing, as the count
     *     is written with the invite
     */
    Invite create(String orgId, String email, String roleId, String invitedBy, UserNames inviterNames, Instant now);

    /** As {@link #create(String, String, String, String, UserNames, Instant)}, by an inviter known by no names. */
    default Invite create(String orgId, String email, String roleId, String invitedBy, Instant now) {
        return create(orgId, email, roleId, invitedBy, UserNames.NONE, now);
    }

    /**
     * As {@link #create(String, String, String, String, UserNames, Instant)}, for a request holding {@code key}
     * (reserved with {@link IdempotencyKeys#reserve}): in the same write as the invite, the key's reservation becomes
     * the record of the answer {@code answer} renders, replayed for {@link IdempotencyKey#RETENTION}.
     *
     * @throws IdempotencyReservationLostException when the reservation no longer holds: nothing is written
     */
    Invite create(String orgId, String email, String roleId, String invitedBy, UserNames inviterNames, Instant now,
            IdempotencyKey key, Function<Invite, IdempotencyRecord> answer);

    /** A page of the org's pending invites, in creation order, as {@link Pages} defines it. */
    InvitePage list(String orgId, PageRequest page, Instant now);

    /**
     * The org's invite with this id, if it is pending at {@code now} (by {@link Expiry}'s definition, as a page's);
     * empty when it was never created, was cancelled, has expired, or belongs to another org.
     */
    Optional<Invite> find(String orgId, String inviteId, Instant now);

    /**
     * Cancels a pending invite, keeping an audit record of who cancelled it and when.
     *
     * @return false when the org has no such pending invite (never created, cancelled, or expired)
     */
    boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now);

    /**
     * The org's pending invite with what delivery and acceptance need (as {@link #find}, read consistently): empty
     * when it is not pending.
     */
    Optional<IssuedInvite> issued(String orgId, String inviteId, Instant now);

    /**
     * Records that the email of the invite's issue with this token nonce was sent ({@code messageId} is what the
     * mail service answered), on the condition that the invite still exists with this nonce and no delivery is
     * recorded for it.
     *
     * @return false when the condition failed: the invite was accepted, cancelled or re-issued, or its delivery was
     *     already recorded
     */
    boolean recordDelivery(String orgId, String inviteId, String tokenNonce, String messageId, Instant now);

    /**
     * Records that the email of the invite failed for good: the invite is failed ({@link Invite#failure}) and is
     * never re-issued. Of several failures reported, the earliest is kept (at the same millisecond, the reason first
     * in order), so any order of reports, repeats included, leaves the same failure. A failure of an issue resent
     * since is the address's, and fails the issue that replaced it (followed through at most
     * {@link #REISSUES_FOLLOWED} re-issues).
     *
     * @param now what pending means: a failure reported for an invite no longer pending (nor resent as one that is)
     *     records nothing
     * @throws IllegalArgumentException when the failure's reason is none of {@link DeliveryProblem#FAILURE_REASONS}:
     *     nothing is written
     */
    DeliveryProblem.Recorded recordFailure(String orgId, String inviteId, DeliveryProblem failure, Instant now);

    /**
     * Records a transient delay of the invite's email ({@link IssuedInvite#delay}), which changes nothing else. Of
     * several, the latest is kept (at the same millisecond, the reason last in order), so any order of reports,
     * repeats included, leaves the same delay.
     */
    DeliveryProblem.Recorded recordDelay(String orgId, String inviteId, DeliveryProblem delay, Instant now);

    /**
     * Re-issues a pending invite, in one transaction: the invite is replaced by one with a new id (the UUIDv7 of
     * {@code now}, which keeps id order issue order, so {@link Expiry}'s floor still bounds every page), a new token
     * nonce and an expiry of {@code now} plus the TTL; its email guard names the new id with the new expiry; an
     * audit record keeps who re-issued it and when. The new invite is undelivered, which is what wakes the mailer.
     *
     * @return the new issue, or empty when the org has no such pending invite (an id a resend replaced included)
     * @throws ResendTooSoonException when the invite is pending and was issued less than {@code interval} before
     *     {@code now}: it may be resent from its issue time (its id's) plus {@code interval}; nothing is written
     * @throws InviteQuotaExceededException when the invite may be resent but the org has used its
     *     {@link InviteQuota}: nothing is written
     * @throws InviteFailedException when the invite is pending but failed ({@link #recordFailure}), however long ago
     *     it was issued: nothing is written
     */
    Optional<IssuedInvite> resend(String orgId, String inviteId, String resentBy, Duration interval, Instant now);

    /**
     * The key one pending invite per address is kept by: the mailbox the address names ({@link EmailAddresses}).
     *
     * @throws IllegalArgumentException when the address names no mailbox (callers validate addresses first)
     */
    static String mailboxKey(String email) {
        String mailbox = EmailAddresses.mailbox(email);
        if (mailbox == null) {
            throw new IllegalArgumentException("not an address this store can key");
        }
        return mailbox;
    }
}
