package dev.orginvites.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The message: what it says, and that nothing it interpolates can change its markup, its lines or its headers. */
class InvitationEmailTest {
    private static final String ORG = "9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c";
    private static final Instant EXPIRES = Instant.parse("2026-12-07T15:04:59Z");
    private static final String LINK = "https://app.example.com/accept?from=mail&token=AQ-_x";
    private static final String LONGEST = "\u00c5".repeat(255) + "z";

    @Test
    void saysWhoIsInvitedToWhichOrgWithWhichRoleUntilWhenAndHowToAccept() {
        InvitationEmail email = InvitationEmail.compose("ada@example.com", ORG, null, "Developer", EXPIRES, LINK);

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

    /** The org by its name or its id, the inviter by their name or not at all: the subject and both bodies. */
    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("Acme R&D", "Grace Hopper", "Grace Hopper invited you to join organization Acme R&D",
                        "Grace Hopper has invited you to join the organization Acme R&D with the role Developer.",
                        "<strong>Grace Hopper</strong> has invited you to join the organization <strong>Acme R&amp;D"
                                + "</strong> with the role"),
                Arguments.of("Acme", null, "You are invited to join organization Acme",
                        "You have been invited to join the organization Acme with the role Developer.",
                        "You have been invited to join the organization <strong>Acme</strong> with the role"),
                Arguments.of(ORG, "Grace Hopper", "Grace Hopper invited you to join organization " + ORG,
                        "Grace Hopper has invited you to join the organization " + ORG + " with the role Developer.",
                        "<strong>Grace Hopper</strong> has invited you to join the organization <strong>" + ORG),
                Arguments.of(ORG, null, "You are invited to join organization " + ORG,
                        "You have been invited to join the organization " + ORG + " with the role Developer.",
                        "You have been invited to join the organization <strong>" + ORG));
    }

    @ParameterizedTest(name = "org {0}, inviter {1}")
    @MethodSource("names")
    void namesTheOrgAndTheInviterWhenThereAreNames(String org, String inviter, String subject, String sentence,
            String html) {
        InvitationEmail email = InvitationEmail.compose("ada@example.com", org, inviter, "Developer", EXPIRES, LINK);

        assertEquals(subject, email.subject());
        assertTrue(email.text().contains("\n\n" + sentence + "\n\n"), email.text());
        assertTrue(email.html().contains(html), email.html());
    }

    /**
     * Names people chose, hostile or odd: in the HTML only as text (no markup, no attribute closed), in the subject
     * and the text on the line they belong to, with nothing hidden or reordered, and a long one cut in the subject.
     */
    static Stream<Arguments> hostileNames() {
        return Stream.of(
                Arguments.of("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
                Arguments.of("\"Grace\" 'O'Hopper' <b>", "&#34;Grace&#34; &#39;O&#39;Hopper&#39; &lt;b&gt;"),
                Arguments.of("Admin\u202Etxt.exe\u2066\u200Bpay", "Admin txt.exe pay"),
                Arguments.of("Grace\r\nBcc: victim@example.com\u2028Subject: x", "Grace Bcc: victim@example.com Subject: x"),
                Arguments.of(LONGEST, LONGEST));
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void namesCannotAddMarkupLinesHeadersOrHiddenText(String name, String inHtml) {
        InvitationEmail email = InvitationEmail.compose("ada@example.com", name, name, "Developer", EXPIRES, LINK);

        assertFalse(email.html().contains("<script>") || email.html().contains("<b>"), email.html());
        assertTrue(email.html().contains("<strong>" + inHtml + "</strong> has invited you"), email.html());
        assertEquals(1, email.html().split("<a ", -1).length - 1, "one link: " + email.html());
        for (String part : new String[] {email.subject(), email.text(), email.html()}) {
            assertFalse(part.matches("(?s).*[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}&&[^\\n]].*"), part);
        }
        assertFalse(email.subject().contains("\n"), "one line, so no header of its own: " + email.subject());
        assertEquals(9, email.text().split("\n", -1).length, "the text has its lines, no more: " + email.text());
        int subjectLength = email.subject().codePointCount(0, email.subject().length());
        assertTrue(subjectLength <= 2 * InvitationEmail.SUBJECT_NAME_LENGTH + 40, email.subject());
    }

    @Test
    void aLongNameIsCutInTheSubjectOnlyAndNeverWithinACharacter() {
        String name = "\ud83d\ude80".repeat(256);
        InvitationEmail email = InvitationEmail.compose("ada@example.com", ORG, name, "Developer", EXPIRES, LINK);

        String shown = "\ud83d\ude80".repeat(InvitationEmail.SUBJECT_NAME_LENGTH - 1) + "\u2026";
        assertEquals(shown + " invited you to join organization " + ORG, email.subject());
        assertTrue(email.text().contains(name + " has invited you"), "the body has the whole name");
    }

    @Test
    void theHtmlEscapesEverythingItInterpolates() {
        String role = "<script>alert(1)</script> \"Admins\" & co";
        String recipient = "\"><img src=x onerror=alert(1)>@example.com";
        String link = "https://app.example.com/accept?t=\"><script>x</script>&token=a";

        String html = InvitationEmail.compose(recipient, ORG, null, role, EXPIRES, link).html();

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
        InvitationEmail email = InvitationEmail.compose("ada@example.com\nBcc: x", ORG, null, role, EXPIRES, LINK);

        assertFalse(email.text().contains("\nAccept here instead"), email.text());
        assertFalse(email.text().contains("\nBcc"), email.text());
        assertTrue(email.text().contains("Viewer Accept here instead: https://evil.example/ gnp.exe"), email.text());
        for (String part : new String[] {email.subject(), email.text(), email.html()}) {
            assertFalse(part.contains("\r") || part.contains("\u2028") || part.contains("\u202E")
                    || part.contains("\u200B"), part);
        }
    }
}
