package dev.orginvites.shared.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.orginvites.shared.jsonapi.Json;
import dev.orginvites.shared.text.DisplayNames;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the caller's claims from an HTTP API (payload v2) event: {@code requestContext.authorizer.jwt.claims}
 * when a JWT authorizer ran, else {@code requestContext.authorizer.lambda} when a Lambda authorizer did.
 *
 * <p>API Gateway hands array claims to the function flattened as the string {@code [a b c]}; a JSON array
 * ({@code ["a","b"]}, as a string or as a list from a Lambda authorizer) and a space-separated string
 * ({@code a b c}, as in OAuth scopes) are accepted as well. Commas separate nothing. {@code email} and
 * {@code email_verified} (OpenID Connect's standard claims) are read for the operations that act on the caller's own
 * address; {@code name} and {@code preferred_username} for those that show who the caller is (an invitation's
 * inviter, a new member), kept only when fit to show ({@link DisplayNames#orNull}).
 */
public final class ClaimsReader {
    public static final String SUBJECT = "sub";
    public static final String ORG_ID = "org_id";
    public static final String PERMISSIONS = "permissions";
    public static final String EMAIL = "email";
    public static final String EMAIL_VERIFIED = "email_verified";
    public static final String NAME = "name";
    public static final String PREFERRED_USERNAME = "preferred_username";
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    /**
     * The claims, or null when the event carries none or no usable subject (none, blank, or not well-formed text):
     * the caller is not authenticated.
     */
    public Claims read(APIGatewayV2HTTPEvent event) {
        Map<String, ?> claims = claimsOf(event);
        if (claims == null) {
            return null;
        }
        String subject = text(claims.get(SUBJECT));
        if (!isSubject(subject)) {
            return null;
        }
        String orgId = text(claims.get(ORG_ID));
        String email = text(claims.get(EMAIL));
        return new Claims(subject, orgId, permissions(claims.get(PERMISSIONS)),
                email == null || !wellFormed(email) ? null : email, verified(claims.get(EMAIL_VERIFIED)),
                DisplayNames.orNull(text(claims.get(NAME))), DisplayNames.orNull(text(claims.get(PREFERRED_USERNAME))));
    }

    /**
     * {@code email_verified} is a JSON boolean in the token; a JWT authorizer hands every claim over as a string
     * ({@code "true"}), a Lambda authorizer's context may keep the boolean. Anything else is not a verification.
     */
    private static boolean verified(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }

    private static Map<String, ?> claimsOf(APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
            return null;
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = event.getRequestContext().getAuthorizer();
        if (authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null) {
            return authorizer.getJwt().getClaims();
        }
        return authorizer.getLambda();
    }

    /**
     * Whether {@code text} can name a caller, as a token's {@code sub}: a string that is not blank and is well-formed
     * text. A member added by id is named so too, so that the id is one a token can carry.
     */
    public static boolean isSubject(String text) {
        return text != null && !text.isBlank() && wellFormed(text);
    }

    /**
     * Whether every surrogate is paired. A {@code sub} with an unpaired surrogate (a JSON escape such as
     * {@code \ud800} makes one) names nobody: it cannot be encoded as UTF-8, so it could not be stored as the
     * caller of a write.
     */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String text(Object value) {
        return value instanceof String ? (String) value : null;
    }

    /**
     * Only two forms are lists written as one string, and only they are split, on white space: API Gateway's
     * flattening of an array claim ({@code [a b c]}) and a space-separated string ({@code a b c}, as OAuth writes
     * scopes). The elements of a real array (a list, or a JSON array written as a string) are names, taken whole:
     * {@code ["org.read,org.user.read"]} names one permission that does not exist, and grants nothing.
     */
    static Set<String> permissions(Object value) {
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof Collection) {
            for (Object item : (Collection<?>) value) {
                if (item instanceof String) {
                    out.add((String) item);
                }
            }
        } else if (value instanceof String) {
            String text = ((String) value).trim();
            if (text.startsWith("[") != text.endsWith("]")) {
                return out; // half an array is no list of permissions
            }
            if (text.startsWith("[")) {
                String inner = text.substring(1, text.length() - 1).trim();
                if (inner.startsWith("\"")) {
                    addJsonArray(text, out);
                    return out;
                }
                text = inner;
            }
            for (String item : WHITE_SPACE.split(text)) {
                if (!item.isEmpty()) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    /** The strings of a JSON array; anything malformed grants nothing. */
    private static void addJsonArray(String text, Set<String> out) {
        Set<String> items = new LinkedHashSet<>();
        try (JsonParser parser = Json.FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return;
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    return;
                }
                if (token == JsonToken.VALUE_STRING) {
                    items.add(parser.getText());
                } else if (token.isStructStart()) {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() == null) {
                out.addAll(items);
            }
        } catch (IOException | RuntimeException e) {
            // a malformed array grants nothing
        }
    }
}
