package dev.orginvites.deliver;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.owasp.encoder.Encode;

/**
 * The email an invitation sends: a subject, a plain-text body and an HTML body saying who is invited to which org,
 * with which role, until when, and the accept link.
 *
 * <p>Everything interpolated is escaped for where it goes: the recipient, the role's name (which an org's admins
 * choose) and the link are HTML-encoded in the HTML body (the link as an attribute too), and in the subject and the
 * plain-text body stripped of control, format and line-separator characters, so no value can start a line of its
 * own, reorder what a reader sees or hide text.
 *
 * @param text the plain-text body
 * @param html the HTML body
 */
public record InvitationEmail(String subject, String text, String html) {
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Controls (line breaks included), format characters (bidirectional overrides, zero widths), line separators. */
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+");

    /**
     * @param recipient the invited address, as the inviter gave it
     * @param orgId the org the invitation is to
     * @param role the role's name (its id when it has none)
     * @param expiresAt when the invitation stops being valid
     * @param acceptLink the link that accepts it (the accept URL with the token)
     */
    public static InvitationEmail compose(String recipient, String orgId, String role, Instant expiresAt,
            String acceptLink) {
        String expiry = expiry(expiresAt);
        String subject = "You are invited to join organization " + plain(orgId);
        String text = "Hello " + plain(recipient) + ",\n\n"
                + "You have been invited to join the organization " + plain(orgId) + " with the role "
                + plain(role) + ".\n\n"
                + "Accept the invitation:\n" + plain(acceptLink) + "\n\n"
                + "The invitation expires on " + expiry + ". If you did not expect it, ignore this email.\n";
        String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Encode.forHtml(subject)
                + "</title></head><body>\n"
                + "<p>Hello " + Encode.forHtml(plain(recipient)) + ",</p>\n"
                + "<p>You have been invited to join the organization <strong>" + Encode.forHtml(plain(orgId))
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
}
