package dev.orginvites.shared.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An org's members: who joined, with which role, through which invitation or by whose add. Every implementation keeps
 * these rules (the test kit's {@code MembershipsConformance} holds them): a user has at most one membership of an org,
 * whichever of accept, add, role change and removal race; and a removed user can join again.
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
     * @param userNames the names the user's token carries, which the membership keeps ({@link Membership#userNames})
     * @return the membership (its id the UUIDv7 of {@code now}), or empty when the org has no pending invite with
     *     this id and nonce (a null nonce matches none)
     * @throws AlreadyMemberException when the invite is pending with this nonce but the user is a member of the
     *     org already: nothing is written, and the invite stays pending
     */
    Optional<Membership> accept(String orgId, String inviteId, String tokenNonce, String userId, UserNames userNames,
            Instant now);

    /** As {@link #accept(String, String, String, String, UserNames, Instant)}, for a user known by no names. */
    default Optional<Membership> accept(String orgId, String inviteId, String tokenNonce, String userId,
            Instant now) {
        return accept(orgId, inviteId, tokenNonce, userId, UserNames.NONE, now);
    }

    /** A page of the org's memberships, in id (joining) order, as {@link Pages} defines pages of invites. */
    MembershipPage list(String orgId, PageRequest page);

    /**
     * A page of the org's memberships whose address names the mailbox {@code email} names ({@link EmailAddresses}),
     * in joining order, paged as {@link #list} pages. It is read by the address's entries in the org's address
     * index, so it costs what the page holds, not what the org does. A membership made by an {@link #add} has no
     * address, and no email finds it.
     *
     * @throws IllegalArgumentException when {@code email} names no mailbox
     */
    MembershipPage listByEmail(String orgId, String email, PageRequest page);

    /**
     * Writes the address index's entry of every membership of the org that has an address and lacks one: those made
     * before the index existed. Reads all the org's memberships once, so it is an operator's command, never a
     * request's work; running it again writes nothing, and an entry is written only while its membership exists.
     *
     * @return how many entries were written
     */
    int indexEmails(String orgId);

    /**
     * Adds a user to the org with a role, not through an invitation: the membership has no invitation and no address,
     * and {@code addedBy} is its {@link Membership#invitedBy}. A pending invitation for the user's address is left as
     * it is (accepting it later is refused as {@link AlreadyMemberException}).
     *
     * @return the membership (its id the UUIDv7 of {@code now})
     * @throws UnknownRoleException when the role does not exist in the org: nothing is written
     * @throws AlreadyMemberException when the user is a member of the org: nothing is written
     */
    Membership add(String orgId, String userId, String roleId, String addedBy, Instant now);

    /** The org's membership with this id; empty when there is none (never made, removed, another org's). */
    Optional<Membership> find(String orgId, String membershipId);

    /** The user's membership of the org, read by the user's id (a cost that does not grow with the org). */
    Optional<Membership> ofUser(String orgId, String userId);

    /**
     * Gives a membership another role, recording who changed it and when.
     *
     * @return false when the org has no such membership (never made, removed, another org's): nothing is written
     * @throws UnknownRoleException when the role does not exist in the org: nothing is written
     */
    boolean changeRole(String orgId, String membershipId, String roleId, String changedBy, Instant now);

    /**
     * Removes a membership, keeping an audit record of who removed whom and when; the user may then join the org
     * again, by an invitation or an add.
     *
     * @return false when the org has no such membership (never made, removed, another org's)
     */
    boolean remove(String orgId, String membershipId, String removedBy, Instant now);
}
