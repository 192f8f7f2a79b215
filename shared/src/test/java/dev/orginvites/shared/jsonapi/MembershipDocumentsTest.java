package dev.orginvites.shared.jsonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.UserNames;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MembershipDocumentsTest {
    private static final String ORG = "4a72d1db-b465-4764-99e1-ecedad03b06a";
    private static final String ROLE = "f1968726-1dca-42d4-a4dc-80cab99e2b6c";
    private static final String ID = "0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e";
    private static final Instant JOINED = Instant.parse("2026-12-04T04:30:00Z");
    private static final String INVITE = "0192f0c4-0000-7000-8000-000000000000";

    /** What the user's attributes hold: what is known, in Snyk's order, and nothing else (never "" or null). */
    static Stream<Arguments> users() {
        return Stream.of(
                Arguments.of("accepted, with both names", "ada@example.com", new UserNames("Ada Lovelace", "ada"),
                        "{\"name\":\"Ada Lovelace\",\"username\":\"ada\",\"email\":\"ada@example.com\"}"),
                Arguments.of("accepted, a token with only a name", "ada@example.com",
                        new UserNames("Ada Lovelace", null),
                        "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}"),
                Arguments.of("accepted, a token with only a username", "ada@example.com", new UserNames(null, "ada"),
                        "{\"username\":\"ada\",\"email\":\"ada@example.com\"}"),
                Arguments.of("accepted, a token without names", "ada@example.com", UserNames.NONE,
                        "{\"email\":\"ada@example.com\"}"),
                Arguments.of("names JSON must escape", "ada@example.com",
                        new UserNames("\"Ada\" <b>\\", "ada\u00e9"),
                        "{\"name\":\"\\\"Ada\\\" <b>\\\\\",\"username\":\"ada\u00e9\",\"email\":\"ada@example.com\"}"),
                Arguments.of("added: no address, no names", null, UserNames.NONE, "{}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("users")
    void theUsersAttributesHoldWhatIsKnown(String what, String email, UserNames names, String attributes) {
        Membership membership = new Membership(ID, ORG, "auth0|ada", email, names, ROLE, "Developer", JOINED,
                "inviter", email == null ? null : INVITE);
        assertEquals(document("{}", attributes), MembershipDocuments.membership(membership));
    }

    static Stream<Arguments> orgNames() {
        return Stream.of(Arguments.of("Acme \"R&D\"", "{\"name\":\"Acme \\\"R&D\\\"\"}"), Arguments.of(null, "{}"));
    }

    @ParameterizedTest
    @MethodSource("orgNames")
    void aPageShowsTheOrgsNameOnEveryItemWhenItHasOne(String orgName, String attributes) {
        Membership membership = new Membership(ID, ORG, "auth0|ada", null, ROLE, "Developer", JOINED, "admin", null);
        String item = item(attributes, "{}");
        assertEquals("{\"jsonapi\":{\"version\":\"1.0\"},\"data\":[" + item + "," + item + "],"
                        + "\"links\":{\"self\":\"/orgs/" + ORG + "/memberships\"}}",
                MembershipDocuments.memberships(List.of(membership, membership), orgName,
                        Map.of("self", "/orgs/" + ORG + "/memberships")));
    }

    private static String document(String orgAttributes, String userAttributes) {
        return "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":" + item(orgAttributes, userAttributes) + "}";
    }

    private static String item(String orgAttributes, String userAttributes) {
        return "{\"id\":\"" + ID + "\",\"type\":\"org_membership\","
                + "\"attributes\":{\"created_at\":\"2026-12-04T04:30:00Z\"},\"relationships\":{"
                + "\"org\":{\"data\":{\"id\":\"" + ORG + "\",\"type\":\"org\",\"attributes\":" + orgAttributes + "}},"
                + "\"role\":{\"data\":{\"id\":\"" + ROLE + "\",\"type\":\"org_role\",\"attributes\":{\"name\":\"Developer\"}}},"
                + "\"user\":{\"data\":{\"id\":\"auth0|ada\",\"type\":\"user\",\"attributes\":" + userAttributes
                + "}}}}";
    }
}
