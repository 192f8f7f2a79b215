package dev.orginvites.events;

/**
 * Every event the service publishes, by its {@code detail-type}; each has its JSON Schema in
 * {@code contract/events/<detail-type>.json}.
 */
public enum EventType {
    INVITATION_CREATED("org_invitation.created"),
    INVITATION_DELIVERED("org_invitation.delivered"),
    INVITATION_FAILED("org_invitation.failed"),
    INVITATION_RESENT("org_invitation.resent"),
    INVITATION_CANCELLED("org_invitation.cancelled"),
    INVITATION_ACCEPTED("org_invitation.accepted"),
    INVITATION_EXPIRED("org_invitation.expired"),
    MEMBERSHIP_CREATED("org_membership.created"),
    MEMBERSHIP_UPDATED("org_membership.updated"),
    MEMBERSHIP_DELETED("org_membership.deleted");

    /** Every event's {@code source}. */
    public static final String SOURCE = "org-invites";

    private final String detailType;

    EventType(String detailType) {
        this.detailType = detailType;
    }

    /** The event's {@code detail-type}, e.g. {@code org_invitation.accepted}. */
    public String detailType() {
        return detailType;
    }
}
