package dev.orginvites.shared.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.devkit.HttpApiEvents;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClaimsReaderTest {
    private final ClaimsReader reader = new ClaimsReader();

    private static Set<String> set(String spaceSeparated) {
        return spaceSeparated == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(spaceSeparated.split(" ")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "[org.read org.user.read org.user.invite]    | org.read org.user.read org.user.invite",
            "[org.read]                                  | org.read",
            "[]                                          | ",
            "[\"org.read\",\"org.user.read\"]            | org.read org.user.read",
            "[ \"org.read\" , \"org.user.invite\" ]      | org.read org.user.invite",
            "org.read org.user.read                      | org.read org.user.read",
            "org.user.invite                             | org.user.invite",
            "'  org.read   org.user.invite  '            | org.read org.user.invite",
            "[\"org.read\", 42, null]                    | org.read",
            "[\"org.read\"                               | ",
            "''                                          | ",
            "[org.read,org.user.read]                    | org.read,org.user.read",
            "[\"org.read,org.user.read\"]                | org.read,org.user.read",
            "org.read,org.user.read                      | org.read,org.user.read",
            "'[org.read, org.user.read]'                 | org.read, org.user.read",
    })
    void readsPermissionsInEveryShapeApiGatewayHandsOver(String claim, String expected) {
        Claims claims = reader.read(HttpApiEvents.request("GET", "/")
                .jwt(Map.of("sub", "user-1", "org_id", "org-1", "permissions", claim)).build());

        assertEquals(set(expected), claims.permissions());
        assertEquals("user-1", claims.subject());
        assertEquals("org-1", claims.orgId());
    }

    @Test
    void readsALambdaAuthorizersContext() {
        Claims claims = reader.read(HttpApiEvents.request("GET", "/").lambdaAuthorizer(Map.of("sub", "user-2",
                "org_id", "org-2", "permissions", List.of("org.read", "org.user.read"))).build());

        assertEquals("user-2", claims.subject());
        assertEquals(Set.of("org.read", "org.user.read"), claims.permissions());
    }

    /** API Gateway flattens the claim ["org.read,org.user.read"] to [org.read,org.user.read]: one name, no grant. */
    @Test
    void aCommaInsideAnArrayElementSeparatesNothing() {
        for (Object claim : List.of("[org.read,org.user.read]", "[\"org.read,org.user.read\"]",
                List.of("org.read,org.user.read"))) {
            Claims claims = reader.read(HttpApiEvents.request("GET", "/").lambdaAuthorizer(Map.of("sub", "user-4",
                    "permissions", claim)).build());

            assertEquals("org.read", claims.missing(List.of("org.read", "org.user.read")), claim.toString());
            assertEquals("org.user.read", claims.missing(List.of("org.user.read")), claim.toString());
        }
    }

    @Test
    void aLambdaAuthorizerMayFlattenToo() {
        Claims claims = reader.read(HttpApiEvents.request("GET", "/").lambdaAuthorizer(Map.of("sub", "user-3",
                "permissions", "[org.user.invite]")).build());

        assertEquals(Set.of("org.user.invite"), claims.permissions());
        assertNull(claims.orgId());
    }

    @Test
    void noClaimsOrNoSubjectMeansUnauthenticated() {
        assertNull(reader.read(HttpApiEvents.request("GET", "/").build()));
        assertNull(reader.read(HttpApiEvents.request("GET", "/").jwt(Map.of("org_id", "o")).build()));
        assertNull(reader.read(HttpApiEvents.request("GET", "/").jwt(Map.of("sub", "  ")).build()));
        assertNull(reader.read(HttpApiEvents.request("GET", "/").lambdaAuthorizer(Map.of("sub", 42)).build()));
        assertNull(reader.read(HttpApiEvents.request("GET", "/").lambdaAuthorizer(Map.of("sub", "a\ud800b")).build()),
                "an unpaired surrogate");
        assertNull(reader.read(HttpApiEvents.request("GET", "/").jwt(Map.of("sub", "\udc00x")).build()));
        assertEquals("😀", reader.read(HttpApiEvents.request("GET", "/").jwt(Map.of("sub", "😀")).build()).subject());
        assertNull(reader.read(null));
    }

    @Test
    void withoutPermissionsTheCallerHasNone() {
        Claims claims = reader.read(HttpApiEvents.request("GET", "/").jwt(Map.of("sub", "u")).build());

        assertTrue(claims.permissions().isEmpty());
        assertEquals("org.read", claims.missing(List.of("org.read")));
    }

    /**
     * {@code email_verified} is a JSON boolean in the token: a JWT authorizer passes it on as the string "true", a
     * Lambda authorizer may keep the boolean; nothing else verifies an address.
     */
    @ParameterizedTest(name = "email_verified={0}")
    @MethodSource("verifications")
    void anAddressIsVerifiedOnlyByTrue(Object verified, boolean expected) {
        Map<String, Object> claims = new HashMap<>(Map.of("sub", "u", "email", "ada@example.com"));
        if (verified != null) {
            claims.put("email_verified", verified);
        }

        Claims read = reader.read(HttpApiEvents.request("GET", "/").lambdaAuthorizer(claims).build());

        assertEquals("ada@example.com", read.email());
        assertEquals(expected, read.emailVerified());
        assertEquals(expected ? "ada@example.com" : null, read.verifiedEmail());
    }

    static Stream<Arguments> verifications() {
        return Stream.of(
                Arguments.of("true", true),
                Arguments.of(Boolean.TRUE, true),
                Arguments.of("false", false),
                Arguments.of(Boolean.FALSE, false),
                Arguments.of("TRUE", false),
                Arguments.of("1", false),
                Arguments.of("", false),
                Arguments.of(null, false));
    }

    @Test
    void anEmailThatIsNotWellFormedTextIsNoAddress() {
        Claims claims = reader.read(HttpApiEvents.request("GET", "/").jwt(Map.of("sub", "u", "email", "a\ud800@b.c",
                "email_verified", "true")).build());
        Claims numeric = reader.read(HttpApiEvents.request("GET", "/").lambdaAuthorizer(Map.of("sub", "u", "email", 42,
                "email_verified", true)).build());

        assertNull(claims.verifiedEmail());
        assertNull(numeric.verifiedEmail());
    }

    @Test
    void seesOnlyTheOrgTheTokenIsScopedTo() {
        Claims claims = new Claims("u", "6A1B0F4E-2C43-4F27-9C4B-8F0E4B2B7D11", Set.of());

        assertTrue(claims.canSee("6a1b0f4e-2c43-4f27-9c4b-8f0e4b2b7d11"));
        assertFalse(claims.canSee("7a1b0f4e-2c43-4f27-9c4b-8f0e4b2b7d11"));
        assertFalse(new Claims("u", null, Set.of()).canSee("6a1b0f4e-2c43-4f27-9c4b-8f0e4b2b7d11"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Ada Lovelace                 | Ada Lovelace",
            "'  Ada  '                    | Ada",
            "'   '                        | NULL",
            "''                           | NULL",
            "'Ada\nBcc: x@example.com'    | NULL",
            "'Ada\u202Eevil'              | NULL",
            "'Ada\u2028Lovelace'          | NULL",
            "'\uD800Ada'                  | NULL",
            "'\uD83D\uDE00 Ada'           | \uD83D\uDE00 Ada",
    })
    void keepsTheTokensNamesOnlyWhenFitToShow(String raw, String expected) {
        String claim = unescape(raw);
        Claims claims = reader.read(HttpApiEvents.request("GET", "/")
                .jwt(Map.of("sub", "user-1", "name", claim, "preferred_username", claim)).build());

        assertEquals(unescape(expected), claims.name());
        assertEquals(unescape(expected), claims.preferredUsername());
    }

    @Test
    void aNameOverTheLengthBoundIsLeftOutAndANonStringNameIsNoName() {
        String longest = "a".repeat(256);
        Map<String, Object> jwt = new HashMap<>();
        jwt.put("sub", "user-1");
        jwt.put("name", longest + "a");
        jwt.put("preferred_username", longest);
        assertNull(reader.read(HttpApiEvents.request("GET", "/").jwt(jwt).build()).name());
        assertEquals(longest, reader.read(HttpApiEvents.request("GET", "/").jwt(jwt).build()).preferredUsername());

        Claims fromLambda = reader.read(HttpApiEvents.request("GET", "/").lambdaAuthorizer(Map.of("sub", "user-2",
                "name", List.of("Ada"), "preferred_username", 42)).build());
        assertNull(fromLambda.name());
        assertNull(fromLambda.preferredUsername());
    }

    private static String unescape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (text.startsWith("\\n", i)) {
                out.append('\n');
                i++;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }
}
