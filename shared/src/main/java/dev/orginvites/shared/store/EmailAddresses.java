package dev.orginvites.shared.store;

import java.net.IDN;

/**
 * When two email addresses name the same mailbox: the one rule that every comparison and every key of an address
 * uses (a create's pending-invitation guard, an accept's check of the caller's verified address against the
 * invitation's). Two addresses name one mailbox exactly when their {@link #mailbox} forms are equal:
 *
 * <ol>
 *   <li>ASCII spaces (U+0020) around the address are dropped; nothing else is trimmed.</li>
 *   <li>An address holding a control, format, surrogate, private-use or unassigned code point, a line or paragraph
 *       separator, or a space other than U+0020 (categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs) names no mailbox: such
 *       characters are invisible or look like others, and would let one address pass for another.</li>
 *   <li>The local part (before the last {@code @}) compares with ASCII letters folded to lower case and every other
 *       character exactly: mail systems commonly treat {@code Ada} and {@code ada} as one mailbox, but Unicode case
 *       mappings ({@code K} KELVIN SIGN to {@code k}, {@code İ} to {@code i̇}, fullwidth letters) are no rule any
 *       mail system applies.</li>
 *   <li>The domain compares in its IDNA ASCII form, lower-cased ({@code bücher.example} is
 *       {@code xn--bcher-kva.example}): {@link IDN#toASCII} with {@link IDN#USE_STD3_ASCII_RULES} and no unassigned
 *       code points, then two or more labels of 1 to 63 letters, digits and inner hyphens. {@code ß} and {@code ς}
 *       name no mailbox: that IDNA (2003, which {@code java.net.IDN} implements) maps them to {@code ss} and
 *       {@code σ}, but IDNA2008 keeps them, and {@code faß.de} and {@code fass.de} are different domains.</li>
 * </ol>
 *
 * <p>All-ASCII domains, nearly all of them, are checked here without {@code java.net.IDN}, which loads its Unicode
 * tables only when a domain needs them.
 */
public final class EmailAddresses {
    /**
     * The most characters an invitation's address may have, as given and in its {@link #deliverable} form (RFC 5321's
     * 256-octet path less its angle brackets), so the most a member's address, or its mailbox, has.
     */
    public static final int MAX_LENGTH = 254;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final int MAX_DOMAIN_LENGTH = 253;

    private EmailAddresses() {
    }

    /** The address without the ASCII spaces around it. */
    public static String trim(String address) {
        int start = 0;
        int end = address.length();
        while (start < end && address.charAt(start) == ' ') {
            start++;
        }
        while (end > start && address.charAt(end - 1) == ' ') {
            end--;
        }
        return address.substring(start, end);
    }

    /** Whether the text holds a character no address may hold (rule 2). */
    public static boolean hasRefusedCharacter(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            switch (Character.getType(c)) {
                case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                        Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                    return true;
                }
                case Character.SPACE_SEPARATOR -> {
                    if (c != ' ') {
                        return true;
                    }
                }
                default -> {
                }
            }
            i += Character.charCount(c);
        }
        return false;
    }

    /**
     * The mailbox an address names, as the rule compares it: the local part with ASCII letters lower-cased, {@code @},
     * the domain's IDNA ASCII form lower-cased; or null when the address names none (a refused character, no
     * {@code @}, an empty local part, a domain IDNA or the label rules refuse).
     */
    public static String mailbox(String address) {
        String trimmed = trim(address);
        if (hasRefusedCharacter(trimmed)) {
            return null;
        }
        int at = trimmed.lastIndexOf('@');
        if (at <= 0) {
            return null;
        }
        String domain = asciiDomain(trimmed.substring(at + 1));
        return domain == null ? null : asciiLowerCase(trimmed.substring(0, at)) + '@' + domain;
    }

    /**
     * The address as a mail service takes it: as given, but a domain that is not ASCII in its IDNA ASCII form (mail
     * services that do not speak SMTPUTF8, SES among them, take only that); null when the address names no mailbox.
     */
    public static String deliverable(String address) {
        String trimmed = trim(address);
        if (mailbox(trimmed) == null) {
            return null;
        }
        int at = trimmed.lastIndexOf('@');
        String domain = trimmed.substring(at + 1);
        return isAscii(domain) ? trimmed
                : trimmed.substring(0, at + 1) + IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
    }

    /** The domain's IDNA ASCII form, lower-cased, or null when it is no domain an address can have. */
    private static String asciiDomain(String domain) {
        String ascii = domain;
        if (!isAscii(domain)) {
            if (domain.indexOf('\u00DF') >= 0 || domain.indexOf('\u03C2') >= 0) {
                return null;
            }
            try {
                ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ascii = asciiLowerCase(ascii);
        return isHostName(ascii) ? ascii : null;
    }

    /** Two or more labels of letters, digits and inner hyphens, 1 to 63 characters each, 253 in all. */
    private static boolean isHostName(String domain) {
        if (domain.isEmpty() || domain.length() > MAX_DOMAIN_LENGTH) {
            return false;
        }
        int labels = 0;
        int start = 0;
        while (start <= domain.length()) {
            int end = domain.indexOf('.', start);
            if (end < 0) {
                end = domain.length();
            }
            int length = end - start;
            if (length < 1 || length > MAX_LABEL_LENGTH || domain.charAt(start) == '-'
                    || domain.charAt(end - 1) == '-') {
                return false;
            }
            for (int i = start; i < end; i++) {
                char c = domain.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
            labels++;
            start = end + 1;
        }
        return labels >= 2;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** A-Z to a-z, every other character as it is. */
    private static String asciiLowerCase(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return chars == null ? text : new String(chars);
    }
}
