package dev.orginvites.create;

import dev.orginvites.shared.http.ApiRequest;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.http.ApiError;
import dev.orginvites.shared.jsonapi.InvitationDocuments;
import dev.orginvites.shared.jsonapi.RequestDocument;
import dev.orginvites.shared.jsonapi.RequestDocument.Members;
import java.util.Set;
import java.util.regex.Pattern;

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

    static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_LOCAL_PART_LENGTH = 64;
    /**
     * An address as HTML forms define a valid one (WHATWG), with a domain of at least two labels: ASCII local part
     * of the usual characters, then host labels of letters, digits and inner hyphens.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

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
        String email = ((String) value).trim();
        if (email.length() > MAX_EMAIL_LENGTH) {
            throw ApiError.badBody(pointer, "'email' must be at most " + MAX_EMAIL_LENGTH + " characters.");
        }
        if (!EMAIL.matcher(email).matches() || email.indexOf('@') > MAX_LOCAL_PART_LENGTH) {
            throw ApiError.badBody(pointer, "'email' must be a valid email address.");
        }
        return email;
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

    /** The address, trimmed, case as given. */
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
