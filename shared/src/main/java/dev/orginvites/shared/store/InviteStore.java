package dev.orginvites.shared.store;

import java.time.Instant;

/** Pending invitations and the roles they grant, per org. */
public interface InviteStore {

    /**
     * Creates a pending invite, unless one is already pending for the same address in the org.
     *
     * @param email the address as given (validated, trimmed); it is compared trimmed and lower-cased
     * @throws UnknownRoleException when the role does not exist in the org
     * @throws InviteAlreadyPendingException when an unexpired invite for the address is pending
     */
    Invite create(String orgId, String email, String roleId, String invitedBy, Instant now);

    /** A page of the org's pending, unexpired invites, in creation order. */
    InvitePage list(String orgId, PageRequest page, Instant now);

    /**
     * Cancels a pending invite, keeping an audit record of who cancelled it and when.
     *
     * @return false when the org has no such pending, unexpired invite
     */
    boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now);
}
