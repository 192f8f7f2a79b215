package dev.orginvites.create;

import dev.orginvites.shared.http.ApiRequest;
import dev.orginvites.shared.http.Ids;
import dev.orginvites.shared.jsonapi.ApiException;
import dev.orginvites.shared.jsonapi.Documents;
import dev.orginvites.shared.jsonapi.RequestDocument;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The body of a create request: who to invite ({@code email}) and with which role ({@code role}, a role id). */
final class InvitationRequest {
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

    private InvitationRequest(String email, String roleId) {
        this.email = email;
        this.roleId = roleId;
    }

    static InvitationRequest parse(ApiRequest request) {
        Map<String, Object> attributes = RequestDocument.attributes(request.header("content-type"), request.body(),
                Documents.INVITATION_TYPE, Set.of("email", "role"));
        return new InvitationRequest(email(attributes.get("email")), role(attributes.get("role")));
    }

    private static String email(Object value) {
        String pointer = "/data/attributes/email";
        if (value == null) {
            throw ApiException.badBody(pointer, "'email' is required.");
        }
        if (!(value instanceof String)) {
            throw ApiException.badBody(pointer, "'email' must be a string.");
        }
        String email = ((String) value).trim();
        if (email.length() > MAX_EMAIL_LENGTH) {
            throw ApiException.badBody(pointer, "'email' must be at most " + MAX_EMAIL_LENGTH + " characters.");
        }
        if (!EMAIL.matcher(email).matches() || email.indexOf('@') > MAX_LOCAL_PART_LENGTH) {
            throw ApiException.badBody(pointer, "'email' must be a valid email address.");
        }
        return email;
    }

    private static String role(Object value) {
        String pointer = "/data/attributes/role";
        if (value == null) {
            throw ApiException.badBody(pointer, "'role' is required.");
        }
        if (!(value instanceof String) || !Ids.isUuid((String) value)) {
            throw ApiException.badBody(pointer, "'role' must be a role id (a UUID).");
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
}
