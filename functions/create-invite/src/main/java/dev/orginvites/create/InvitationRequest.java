package dev.orginvites.create;

import dev.orginvites.shared.http.ApiRequest;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.jsonapi.ApiError;
import dev.orginvites.shared.jsonapi.InvitationDocuments;
import dev.orginvites.shared.jsonapi.RequestDocument.Members;
import dev.orginvites.shared.jsonapi.RequestDocument;
import dev.orginvites.shared.store.EmailAddresses;
import java.util.Set;

/**
 * The body of a create request: who to invite ({@code email}) and with which role ({@code role}, a role id), read as
 * the served release lays it out.
 */
final class InvitationRequest {
    private static final Set<String> FIELDS = Set.of("email", "role");

    /** How a release of createOrgInvitation lays out its request body. */
    enum Reader {
        /** {@code {"email": ..., "role": ...}}: the members at the top level, no {@code data}. */
        TOP_LEVEL {
            @Override
            Members members(ApiRequest request) {
                return RequestDocument.topLevel(request.header("content-type"), request.body(), FIELDS);
            }
        },
        /** A JSON:API document; {@code data} may carry a {@code relationships} object, which is ignored. */
        DOCUMENT_WITH_RELATIONSHIPS {
            @Override
            Members members(ApiRequest request) {
                return RequestDocument.attributes(request.header("content-type"), request.body(),
                        InvitationDocuments.INVITATION_TYPE, FIELDS, true);
            }
        },
        /** A JSON:API document with {@code type} and {@code attributes} only. */
        DOCUMENT {
            @Override
            Members members(ApiRequest request) {
                return RequestDocument.attributes(request.header("content-type"), request.body(),
                        InvitationDocuments.INVITATION_TYPE, FIELDS, false);
            }
        };

        abstract Members members(ApiRequest request);

        InvitationRequest read(ApiRequest request) {
            Members members = members(request);
            return new InvitationRequest(email(members), role(members), members);
        }
    }

    static final int MAX_EMAIL_LENGTH = EmailAddresses.MAX_LENGTH;
    private static final int MAX_LOCAL_PART_LENGTH = 64;
    /** The characters of a local part as HTML forms define a valid address (WHATWG), besides ASCII letters and digits. */
    private static final String LOCAL_PART_SYMBOLS = ".!#$%&'*+/=?^_`{|}~-";

    private final String email;
    private final String roleId;
    private final Members members;

    private InvitationRequest(String email, String roleId, Members members) {
        this.email = email;
        this.roleId = roleId;
        this.members = members;
    }

    private static String email(Members members) {
        Object value = members.get("email");
        String pointer = members.pointer("email");
        if (value == null) {
            throw ApiError.badBody(pointer, "'email' is required.");
        }
        if (!(value instanceof String)) {
            throw ApiError.badBody(pointer, "'email' must be a string.");
        }
        String email = EmailAddresses.trim((String) value);
        if (email.length() > MAX_EMAIL_LENGTH) {
            throw ApiError.badBody(pointer, "'email' must be at most " + MAX_EMAIL_LENGTH + " characters.");
        }
        if (EmailAddresses.hasRefusedCharacter(email)) {
            throw ApiError.badBody("email-invalid-character", pointer, "'email' must not hold control, format or"
                    + " separator characters (line breaks, tabs, zero-width or bidirectional marks, spaces other than"
                    + " the ASCII space around it).");
        }
        String deliverable = EmailAddresses.deliverable(email);
        int at = email.lastIndexOf('@');
        if (deliverable == null || !isLocalPart(email.substring(0, at)) || deliverable.length() > MAX_EMAIL_LENGTH) {
            throw ApiError.badBody(pointer, "'email' must be a valid email address: an ASCII local part, '@' and a"
                    + " domain name (internationalized domain names are taken, in Unicode or in their xn-- form).");
        }
        return email;
    }

    /** 1 to 64 ASCII letters, digits and {@link #LOCAL_PART_SYMBOLS}: what mail services that lack SMTPUTF8 take. */
    private static boolean isLocalPart(String local) {
        if (local.isEmpty() || local.length() > MAX_LOCAL_PART_LENGTH) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || LOCAL_PART_SYMBOLS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static String role(Members members) {
        Object value = members.get("role");
        String pointer = members.pointer("role");
        if (value == null) {
            throw ApiError.badBody(pointer, "'role' is required.");
        }
        if (!(value instanceof String) || !Ids.isUuid((String) value)) {
            throw ApiError.badBody(pointer, "'role' must be a role id (a UUID).");
        }
        return Ids.canonical((String) value);
    }

    /** The address as given, without the ASCII spaces around it; compared as {@link EmailAddresses} says. */
    String email() {
        return email;
    }

    /** The role id, lower-case. */
    String roleId() {
        return roleId;
    }

    /** Where the request carried {@code name} ({@code /data/attributes/role}, {@code /role}), for errors about it. */
    String pointer(String name) {
        return members.pointer(name);
    }
}
