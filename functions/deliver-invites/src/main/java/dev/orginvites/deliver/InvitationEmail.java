package dev.orginvites.deliver;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.owasp.encoder.Encode;

/**
 * The email an invitation sends: a subject, a plain-text body and an HTML body saying who invited whom to which org,
 * with which role, until when, and the accept link. The org is named by its name in the directory and the inviter by
 * the name their token carried, when there are such names; otherwise the org by its id, and the inviter not at all.
 *
 * <p>Everything interpolated is escaped for where it goes: the recipient, the org's and the inviter's names, the
 * role's name (which people choose) and the link are HTML-encoded in the HTML body (the link as an attribute too),
 * and in the subject and the plain-text body stripped of control, format and line-separator characters, so no value
 * can start a line (or a header) of its own, reorder what a reader sees or hide text. In the subject, a name is cut
 * to {@value #SUBJECT_NAME_LENGTH} characters, so that two long names still leave a subject a mail client shows.
 *
 * @param text the plain-text body
 * @param html the HTML body
 */
public record InvitationEmail(String subject, String text, String html) {
    /** The most of a name the subject shows, in characters (code points). */
    static final int SUBJECT_NAME_LENGTH = 64;
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Controls (line breaks included), format characters (bidirectional overrides, zero widths), line separators. */
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+");

    /**
     * @param recipient the invited address, as the inviter gave it
     * @param org the org: its name, or its id when it has none
     * @param inviter the inviter's name, or null when it is not known
     * @param role the role's name (its id when it has none)
     * @param expiresAt when the invitation stops being valid
     * @param acceptLink the link that accepts it (the accept URL with the token)
     */
    public static InvitationEmail compose(String recipient, String org, String inviter, String role,
            Instant expiresAt, String acceptLink) {
        String expiry = expiry(expiresAt);
        String plainOrg = plain(org);
        String plainInviter = inviter == null ? "" : plain(inviter);
        String subject = (plainInviter.isEmpty() ? "You are invited" : shortened(plainInviter) + " invited you")
                + " to join organization " + shortened(plainOrg);
        String invited = plainInviter.isEmpty() ? "You have been invited" : plainInviter + " has invited you";
        String text = "Hello " + plain(recipient) + ",\n\n"
                + invited + " to join the organization " + plainOrg + " with the role " + plain(role) + ".\n\n"
                + "Accept the invitation:\n" + plain(acceptLink) + "\n\n"
                + "The invitation expires on " + expiry + ". If you did not expect it, ignore this email.\n";
        String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Encode.forHtml(subject)
                + "</title></head><body>\n"
                + "<p>Hello " + Encode.forHtml(plain(recipient)) + ",</p>\n"
                + "<p>" + (plainInviter.isEmpty() ? "You have been invited"
                        : "<strong>" + Encode.forHtml(plainInviter) + "</strong> has invited you")
                + " to join the organization <strong>" + Encode.forHtml(plainOrg)
                + "</strong> with the role <strong>" + Encode.forHtml(plain(role)) + "</strong>.</p>\n"
                + "<p><a href=\"" + Encode.forHtmlAttribute(acceptLink) + "\">Accept the invitation</a></p>\n"
                + "<p>The invitation expires on " + Encode.forHtml(expiry)
                + ". If you did not expect it, ignore this email.</p>\n"
                + "</body></html>\n";
        return new InvitationEmail(subject, text, html);
    }

    /** When an invitation expires, as the message says it: {@code 2026-12-07 15:04 UTC}. */
    static String expiry(Instant expiresAt) {
        return EXPIRY.format(expiresAt);
    }

    /** A value as plain text may show it: on one line, with nothing invisible. */
    static String plain(String value) {
        return value == null ? "" : UNPRINTABLE.matcher(value).replaceAll(" ").strip();
    }

    /** A plain value cut to {@link #SUBJECT_NAME_LENGTH} characters, never within one, marked when cut. */
    private static String shortened(String value) {
        if (value.codePointCount(0, value.length()) <= SUBJECT_NAME_LENGTH) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, SUBJECT_NAME_LENGTH - 1)).strip() + "\u2026";
    }
}
