package dev.orginvites.shared.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An org's members: who joined, with which role, through which invitation. Every implementation keeps these rules
 * (the test kit's {@code MembershipsConformance} holds them).
 */
public interface Memberships {
    /**
     * The longest user id (a token's {@code sub}), in UTF-8 bytes, a membership can be made for: a member is keyed by
     * user id, and DynamoDB limits a sort key to 1024 bytes. Callers refuse longer ones before {@link #accept}.
     */
    int MAX_USER_ID_BYTES = 1000;

    /**
     * Accepts a pending invite for a user, in one transaction: the invite and its guard go, a membership of the org
     * with the invite's role is made for the user, and an audit record keeps the acceptance. Of concurrent accepts,
     * cancels and resends of one invite, exactly one succeeds.
     *
     * @param tokenNonce the nonce the presented token was verified against: the invite must still have it
     * @return the membership (its id the UUIDv7 of {@code now}), or empty when the org has no pending invite with
     *     this id and nonce (a null nonce matches none)
     * @throws AlreadyMemberException when the invite is pending with this nonce but the user is a member of the
     *     org already: nothing is written, and the invite stays pending
     */
    Optional<Membership> accept(String orgId, String inviteId, String tokenNonce, String userId, Instant now);

    /** A page of the org's memberships, in id (joining) order, as {@link Pages} defines pages of invites. */
    MembershipPage list(String orgId, PageRequest page);
}
