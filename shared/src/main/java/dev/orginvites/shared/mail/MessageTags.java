package dev.orginvites.shared.mail;

/**
 * The tags every invitation email is sent with. SES repeats a message's tags in each event it reports about the
 * message (under {@code mail.tags}, each name with a list of values), so the function that records bounces and
 * complaints finds the invitation by them, with no index of message ids. Their values are ids: letters, digits and
 * dashes, which is what SES allows in a tag.
 */
public final class MessageTags {
    /** The invitation's org. */
    public static final String ORG_ID = "org_id";
    /** The invitation's id: the issue the message was sent for (a resend's message has the new issue's id). */
    public static final String INVITE_ID = "invite_id";
    /** The tag SES adds itself: the configuration set a message was sent with. */
    public static final String CONFIGURATION_SET = "ses:configuration-set";

    private MessageTags() {
    }
}
