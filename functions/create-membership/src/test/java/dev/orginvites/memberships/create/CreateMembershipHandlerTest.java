package dev.orginvites.memberships.create;

import static dev.orginvites.testkit.Bodies.body;
import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * An add on the emulator, through {@code handleRequest}, one case per path through DynamoDB: the items an add writes,
 * and the role and membership conditions of its transaction refusing with nothing written. Every status, in bulk, is
 * {@link CreateMembershipHandlerSliceTest}'s.
 */
@EmulatorTest
class CreateMembershipHandlerTest {
    private final Fixture fixture = new Fixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new CreateMembershipHandler(fixture.memberships, fixture.clock, RequestLog.discard()));

    private APIGatewayV2HTTPResponse add(String userId, String roleId) {
        return handler.handleRequest(HttpApiEvents.request("POST", "/orgs/{org_id}/memberships").typicalHeaders()
                .path("org_id", fixture.org).query("version", "2024-10-15").jwt("auth0|admin", fixture.org,
                        "org.membership.add").json(MembershipRequest.document(fixture.org, userId, roleId)).build(),
                null);
    }

    private Map<String, AttributeValue> item(String sk) {
        return Fixture.client().getItem(r -> r.tableName(fixture.table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("ORG#" + fixture.org), "sk", AttributeValue.fromS(sk)))).item();
    }

    private List<String> sortKeys() {
        return Fixture.client().query(QueryRequest.builder().tableName(fixture.table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ORG#" + fixture.org))).build())
                .items().stream().map(item -> item.get("sk").s()).sorted().toList();
    }

    @Test
    void writesTheMembershipAndTheUsersRecordAndAnswersWhereItIs() {
        APIGatewayV2HTTPResponse response = add("auth0|grace", fixture.admin);

        assertEquals(201, response.getStatusCode(), response.getBody());
        String id = body(response).at("/data/id").asText();
        assertEquals("/orgs/" + fixture.org + "/memberships/" + id, response.getHeaders().get("location"));
        assertEquals("Org Admin", body(response).at("/data/relationships/role/data/attributes/name").asText());
        Map<String, AttributeValue> membership = item("MEMBER#" + id);
        assertEquals("auth0|grace", membership.get("user_id").s());
        assertEquals(fixture.admin, membership.get("role_id").s());
        assertEquals("auth0|admin", membership.get("invited_by").s(), "who added them");
        assertFalse(membership.containsKey("email"), "no address: none was invited");
        assertFalse(membership.containsKey("invite_id"));
        assertEquals(id, item("USER#auth0|grace").get("membership_id").s());
        assertEquals(id, fixture.memberships.list(fixture.org, PageRequest.first(10)).memberships().get(0).id());
    }

    /** The role is read first (a 400 before any write), and checked again in the transaction. */
    @ParameterizedTest
    @ValueSource(strings = {"unknown", "theirs"})
    void aRoleTheOrgDoesNotHaveIsABadRequestAndWritesNothing(String which) {
        List<String> before = sortKeys();

        APIGatewayV2HTTPResponse response = add("auth0|grace",
                which.equals("theirs") ? fixture.otherOrgsRole : UUID.randomUUID().toString());

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("role-not-found", error(response).path("code").asText());
        assertEquals(before, sortKeys());
    }

    /** The user's record is taken only if absent: a second add is refused by the transaction, nothing written. */
    @Test
    void aMemberAlreadyIsAConflictAndNothingIsWritten() {
        assertEquals(201, add("auth0|grace", fixture.developer).getStatusCode());
        List<String> before = sortKeys();

        APIGatewayV2HTTPResponse again = add("auth0|grace", fixture.admin);

        assertEquals(409, again.getStatusCode(), again.getBody());
        assertEquals("already-a-member", error(again).path("code").asText());
        assertEquals(before, sortKeys());
    }

    /** The user's pending invitation is left; accepting it is then refused as a member's accept. */
    @Test
    void aPendingInvitationForTheUserIsLeftAsItIs() {
        Invite invite = fixture.invitations.create(fixture.org, "grace@example.com", fixture.developer, "inviter",
                fixture.clock.instant());
        String nonce = fixture.invitations.issued(fixture.org, invite.id(), fixture.clock.instant()).orElseThrow()
                .tokenNonce();

        assertEquals(201, add("auth0|grace", fixture.admin).getStatusCode());

        assertEquals(Optional.of(invite), fixture.invitations.find(fixture.org, invite.id(), fixture.clock.instant()));
        assertThrows(AlreadyMemberException.class, () -> fixture.memberships.accept(fixture.org, invite.id(), nonce,
                "auth0|grace", fixture.clock.instant()));
        assertTrue(sortKeys().contains("INVITE#" + invite.id()));
    }
}
