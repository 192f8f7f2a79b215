package dev.orginvites.memberships.delete;

import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.Invitees;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A removal on the emulator, through {@code handleRequest}, one case per path through DynamoDB: the membership and the
 * user's record deleted and the audit record written in one transaction, once; another org's membership untouched.
 * Every status, in bulk, is {@link DeleteMembershipHandlerSliceTest}'s.
 */
@EmulatorTest
class DeleteMembershipHandlerTest {
    private final Fixture fixture = new Fixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new DeleteMembershipHandler(fixture.memberships, fixture.clock, RequestLog.discard()));
    private final Membership ada = Invitees.member(fixture.store, fixture.org, fixture.developer, "ada@example.com",
            "auth0|ada", fixture.clock.instant());

    private APIGatewayV2HTTPResponse remove(String org, String membershipId) {
        return handler.handleRequest(HttpApiEvents.request("DELETE", "/orgs/{org_id}/memberships/{membership_id}")
                .typicalHeaders().path("org_id", org).path("membership_id", membershipId)
                .query("version", "2024-10-15").jwt("auth0|owner", org, "org.membership.delete").build(), null);
    }

    private Map<String, AttributeValue> item(String org, String sk) {
        return Fixture.client().getItem(r -> r.tableName(fixture.table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("ORG#" + org), "sk", AttributeValue.fromS(sk)))).item();
    }

    @Test
    void removesTheMemberOnceAndKeepsWhoRemovedWhomAndWhen() {
        fixture.clock.advance(Duration.ofMinutes(1));

        APIGatewayV2HTTPResponse response = remove(fixture.org, ada.id());

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertTrue(item(fixture.org, "MEMBER#" + ada.id()).isEmpty(), "the membership is gone");
        assertTrue(item(fixture.org, "USER#auth0|ada").isEmpty(), "the user's record is gone");
        Map<String, AttributeValue> audit = item(fixture.org, "REMOVED#" + ada.id());
        assertEquals("auth0|owner", audit.get("removed_by").s());
        assertEquals(fixture.clock.instant().toString(), audit.get("removed_at").s());
        assertEquals("auth0|ada", audit.get("user_id").s());
        assertEquals(ada.id(), audit.get("membership_id").s());
        assertEquals(fixture.developer, audit.get("role_id").s());

        APIGatewayV2HTTPResponse again = remove(fixture.org, ada.id());
        assertEquals(404, again.getStatusCode(), again.getBody());
        assertEquals("membership-not-found", error(again).path("code").asText());
    }

    @Test
    void anotherOrgsMembershipIsNotFoundAndUntouched() {
        Membership theirs = fixture.memberships.add(fixture.otherOrg, "auth0|theirs", fixture.otherOrgsRole, "x",
                fixture.clock.instant());

        APIGatewayV2HTTPResponse response = remove(fixture.org, theirs.id());

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals(theirs.id(), item(fixture.otherOrg, "USER#auth0|theirs").get("membership_id").s());
        assertTrue(item(fixture.otherOrg, "REMOVED#" + theirs.id()).isEmpty());
    }
}
