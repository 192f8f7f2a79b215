package dev.orginvites.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The message: what it says, and that nothing it interpolates can change its markup or its lines. */
class InvitationEmailTest {
    private static final String ORG = "9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c";
    private static final Instant EXPIRES = Instant.parse("2026-12-07T15:04:59Z");
    private static final String LINK = "https://app.example.com/accept?from=mail&token=AQ-_x";

    @Test
    void saysWhoIsInvitedToWhichOrgWithWhichRoleUntilWhenAndHowToAccept() {
        InvitationEmail email = InvitationEmail.compose("ada@example.com", ORG, "Developer", EXPIRES, LINK);

        assertEquals("You are invited to join organization " + ORG, email.subject());
        for (String body : new String[] {email.text(), email.html()}) {
            assertTrue(body.contains("ada@example.com"), body);
            assertTrue(body.contains(ORG), body);
            assertTrue(body.contains("Developer"), body);
            assertTrue(body.contains("2026-12-07 15:04 UTC"), body);
        }
        assertTrue(email.text().contains("\n" + LINK + "\n"), "the link on a line of its own: " + email.text());
        assertTrue(email.html().contains("href=\"https://app.example.com/accept?from=mail&amp;token=AQ-_x\""),
                email.html());
    }

    @Test
    void theHtmlEscapesEverythingItInterpolates() {
        String role = "<script>alert(1)</script> \"Admins\" & co";
        String recipient = "\"><img src=x onerror=alert(1)>@example.com";
        String link = "https://app.example.com/accept?t=\"><script>x</script>&token=a";

        String html = InvitationEmail.compose(recipient, ORG, role, EXPIRES, link).html();

        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertFalse(html.contains("href=\"https://app.example.com/accept?t=\">"),
                "the link cannot close its attribute");
        assertEquals(1, html.split("<a ", -1).length - 1, "one link: " + html);
    }

    @Test
    void noValueCanStartALineHideTextOrReorderWhatTheReaderSees() {
        String role = "Viewer\r\nAccept here instead: https://evil.example/\u2028\u202Egnp.exe\u200B";
        InvitationEmail email = InvitationEmail.compose("ada@example.com\nBcc: x", ORG, role, EXPIRES, LINK);

        assertFalse(email.text().contains("\nAccept here instead"), email.text());
        assertFalse(email.text().contains("\nBcc"), email.text());
        assertTrue(email.text().contains("Viewer Accept here instead: https://evil.example/ gnp.exe"), email.text());
        for (String part : new String[] {email.subject(), email.text(), email.html()}) {
            assertFalse(part.contains("\r") || part.contains("\u2028") || part.contains("\u202E")
                    || part.contains("\u200B"), part);
        }
    }
}
