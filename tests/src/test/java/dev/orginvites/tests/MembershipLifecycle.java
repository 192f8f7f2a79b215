package dev.orginvites.tests;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.testkit.Bodies;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.Invitees;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member's life through the handlers: invited and accepted, given another role, removed, invited again and
 * accepted again; added by id; and an accept token for another pending invitation, refused while the user is a
 * member, working once they are removed. Each answer is held to the contract and the store's invariants to the
 * end. Run on the twin in the quick tier and on the emulator in the full one.
 */
abstract class MembershipLifecycle {
    private static final String ADA = "auth0|ada";

    /** Fresh orgs on the store the tests run on. */
    abstract Fixture fixture();

    /** What must hold of the store after the test, on the store it runs on. */
    abstract void checkInvariants(Api api);

    private final Api api = new Api(fixture());

    private String invite(String email) {
        APIGatewayV2HTTPResponse created = api.send(api.create(email, api.fixture.developer));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return body(created).at("/data/id").asText();
    }

    /** Ada's acceptance of an invitation, her token carrying {@code email}, verified. */
    private APIGatewayV2HTTPResponse accept(String invite, String email) {
        return api.send(Invitees.accept(ADA, email, true, Invitees.token(api.fixture.store, api.fixture.tokenKeys,
                api.fixture.org, invite, api.fixture.clock.instant())));
    }

    /** The ids of the org's memberships, as its list answers. */
    private List<String> members() {
        APIGatewayV2HTTPResponse page = api.send(api.memberships());
        assertEquals(200, page.getStatusCode(), page.getBody());
        return Bodies.ids(page);
    }

    @Test
    void aMemberIsInvitedGivenARoleRemovedAndInvitedAgain() {
        String first = invite("ada@example.com");
        APIGatewayV2HTTPResponse joined = accept(first, "ada@example.com");
        assertEquals(201, joined.getStatusCode(), joined.getBody());
        String membership = body(joined).at("/data/id").asText();

        APIGatewayV2HTTPResponse changed = api.send(api.changeRole(membership, api.fixture.admin));
        assertEquals(204, changed.getStatusCode(), changed.getBody());
        APIGatewayV2HTTPResponse listed = api.send(api.memberships());
        assertEquals("Org Admin", body(listed).at("/data/0/relationships/role/data/attributes/name").asText());

        APIGatewayV2HTTPResponse removed = api.send(api.removeMember(membership));
        assertEquals(204, removed.getStatusCode(), removed.getBody());
        assertEquals(List.of(), members());
        assertTrue(api.sortKeys().contains("REMOVED#" + membership), "the audit record");
        assertEquals(404, api.send(api.changeRole(membership, api.fixture.developer)).getStatusCode());

        String again = invite("ada@example.com");
        APIGatewayV2HTTPResponse rejoined = accept(again, "ada@example.com");
        assertEquals(201, rejoined.getStatusCode(), rejoined.getBody());
        String second = body(rejoined).at("/data/id").asText();
        assertNotEquals(membership, second);
        assertEquals(List.of(second), members());
        checkInvariants(api);
    }

    /**
     * An add makes a member without an invitation; the user's pending invitation is left, and accepting it is the
     * 409 a member's accept is, until they are removed: then the same token makes them a member again.
     */
    @Test
    void aRemovedUsersTokenForAnotherPendingInvitationWorksAsTheAcceptRulesSay() {
        String pending = invite("ada@example.com");
        APIGatewayV2HTTPResponse added = api.send(api.addMember(ADA, api.fixture.developer));
        assertEquals(201, added.getStatusCode(), added.getBody());
        String membership = body(added).at("/data/id").asText();
        assertEquals("/orgs/" + api.fixture.org + "/memberships/" + membership, added.getHeaders().get("location"));

        APIGatewayV2HTTPResponse refused = accept(pending, "ada@example.com");
        assertEquals(409, refused.getStatusCode(), refused.getBody());
        assertEquals("already-a-member", error(refused).path("code").asText());
        assertEquals(200, api.send(api.get(pending)).getStatusCode(), "the invitation stays pending");

        assertEquals(204, api.send(api.removeMember(membership)).getStatusCode());
        APIGatewayV2HTTPResponse joined = accept(pending, "ada@example.com");
        assertEquals(201, joined.getStatusCode(), joined.getBody());
        assertEquals("ada@example.com", body(joined).at("/data/relationships/user/data/attributes/email").asText());
        assertEquals(404, api.send(api.get(pending)).getStatusCode(), "accepted: no longer pending");

        APIGatewayV2HTTPResponse addedAgain = api.send(api.addMember(ADA, api.fixture.admin));
        assertEquals(409, addedAgain.getStatusCode(), addedAgain.getBody());
        assertEquals(List.of(body(joined).at("/data/id").asText()), members());
        checkInvariants(api);
    }
}
