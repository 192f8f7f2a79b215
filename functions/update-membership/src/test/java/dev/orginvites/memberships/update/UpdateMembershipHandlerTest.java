package dev.orginvites.memberships.update;

import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.Invitees;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A role change on the emulator, through {@code handleRequest}, one case per path through DynamoDB: the membership
 * updated in place with who changed it and when, and the role and membership conditions refusing with nothing
 * written (no half item for a membership that is not there). Every status, in bulk, is
 * {@link UpdateMembershipHandlerSliceTest}'s.
 */
@EmulatorTest
class UpdateMembershipHandlerTest {
    private final Fixture fixture = new Fixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new UpdateMembershipHandler(fixture.memberships, fixture.clock, RequestLog.discard()));
    private final Membership ada = Invitees.member(fixture.store, fixture.org, fixture.developer, "ada@example.com",
            "auth0|ada", fixture.clock.instant());

    private APIGatewayV2HTTPResponse change(String org, String membershipId, String roleId) {
        return handler.handleRequest(HttpApiEvents.request("PATCH", "/orgs/{org_id}/memberships/{membership_id}")
                .typicalHeaders().path("org_id", org).path("membership_id", membershipId)
                .query("version", "2024-10-15").jwt("auth0|owner", org, "org.membership.edit")
                .json(RoleChange.document(membershipId, roleId)).build(), null);
    }

    private Map<String, AttributeValue> item(String org, String sk) {
        return Fixture.client().getItem(r -> r.tableName(fixture.table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("ORG#" + org), "sk", AttributeValue.fromS(sk)))).item();
    }

    @Test
    void updatesTheMembershipInPlaceRecordingWhoAndWhen() {
        fixture.clock.advance(Duration.ofMinutes(1));
        Map<String, AttributeValue> before = item(fixture.org, "MEMBER#" + ada.id());

        APIGatewayV2HTTPResponse response = change(fixture.org, ada.id(), fixture.admin);

        assertEquals(204, response.getStatusCode(), response.getBody());
        Map<String, AttributeValue> after = item(fixture.org, "MEMBER#" + ada.id());
        assertEquals(fixture.admin, after.get("role_id").s());
        assertEquals("Org Admin", after.get("role_name").s());
        assertEquals("auth0|owner", after.get("role_changed_by").s());
        assertEquals(fixture.clock.instant().toString(), after.get("role_changed_at").s());
        for (String kept : new String[] {"user_id", "email", "joined_at", "invited_by", "invite_id"}) {
            assertEquals(before.get(kept), after.get(kept), kept);
        }
    }

    @Test
    void aRoleTheOrgDoesNotHaveIsABadRequestAndChangesNothing() {
        Map<String, AttributeValue> before = item(fixture.org, "MEMBER#" + ada.id());

        APIGatewayV2HTTPResponse response = change(fixture.org, ada.id(), UUID.randomUUID().toString());

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("role-not-found", error(response).path("code").asText());
        assertEquals(before, item(fixture.org, "MEMBER#" + ada.id()));
    }

    /** The update is conditioned on the membership: one that is not there is a 404, and no half item is written. */
    @Test
    void aMembershipTheOrgDoesNotHaveIsNotFoundAndNoHalfItemIsWritten() {
        String unknown = TimeOrderedIds.next(fixture.clock.instant()).toString();
        Membership theirs = fixture.memberships.add(fixture.otherOrg, "auth0|theirs", fixture.otherOrgsRole, "x",
                fixture.clock.instant());
        assertTrue(fixture.memberships.remove(fixture.org, ada.id(), "auth0|owner", fixture.clock.instant()));

        for (String id : new String[] {unknown, theirs.id(), ada.id()}) {
            APIGatewayV2HTTPResponse response = change(fixture.org, id, fixture.developer);

            assertEquals(404, response.getStatusCode(), response.getBody());
            assertEquals("membership-not-found", error(response).path("code").asText());
            assertTrue(item(fixture.org, "MEMBER#" + id).isEmpty(), "no half membership " + id);
        }
        assertEquals(fixture.otherOrgsRole, item(fixture.otherOrg, "MEMBER#" + theirs.id()).get("role_id").s());
    }
}
