package dev.orginvites.tests;

import static dev.orginvites.testkit.Bodies.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A role item without a {@code name} (roles are written outside the API, so one can be): the API shows the role's
 * id where it would show the name (an invitation's, a member's given it by a role change), a string as the contract
 * requires, never null; and the store refuses to write such a role itself.
 */
@EmulatorTest
class UnnamedRoleTest {
    private final Api api = new Api();
    private final Fixture fixture = api.fixture;
    private final String role = UUID.randomUUID().toString();

    UnnamedRoleTest() {
        Fixture.client().putItem(r -> r.tableName(fixture.table).item(Map.of(
                "pk", AttributeValue.fromS("ORG#" + fixture.org), "sk", AttributeValue.fromS("ROLE#" + role),
                "item_type", AttributeValue.fromS("role"), "role_id", AttributeValue.fromS(role))));
    }

    @Test
    void aCreateShowsItsId() {
        APIGatewayV2HTTPResponse response = api.send(HttpApiEvents.request("POST", "/orgs/{org_id}/invites")
                .typicalHeaders().path("org_id", fixture.org).query("version", "2024-01-01")
                .jwt("admin", fixture.org, Api.ALL).json(Fixture.invitation("nameless@example.com", role)));

        assertEquals(201, response.getStatusCode(), response.getBody());
        assertEquals("2023-04-28", response.getHeaders().get("snyk-version-served"));
        assertEquals(role, body(response).at("/data/attributes/role").asText());
        assertFalse(response.getBody().contains("null"), response.getBody());
    }

    @Test
    void aListShowsItsId() {
        assertEquals(201, api.send(api.create("nameless@example.com", role)).getStatusCode());

        APIGatewayV2HTTPResponse response = api.send(api.list());

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(role, body(response).at("/data/0/attributes/role").asText());
        assertFalse(response.getBody().contains("null"), response.getBody());
    }

    @Test
    void aMemberGivenItShowsItsId() {
        String membership = fixture.memberships.add(fixture.org, "auth0|nameless", fixture.developer, "admin",
                fixture.clock.instant()).id();

        APIGatewayV2HTTPResponse changed = api.send(HttpApiEvents.request("PATCH",
                "/orgs/{org_id}/memberships/{membership_id}").typicalHeaders().path("org_id", fixture.org)
                .path("membership_id", membership).query("version", "2024-10-15").jwt("admin", fixture.org, Api.ALL)
                .json("{\"data\":{\"type\":\"org_membership\",\"id\":\"" + membership + "\",\"relationships\":"
                        + "{\"role\":{\"data\":{\"type\":\"org_role\",\"id\":\"" + role + "\"}}}}}"));
        APIGatewayV2HTTPResponse members = api.send(HttpApiEvents.request("GET", "/orgs/{org_id}/memberships")
                .typicalHeaders().path("org_id", fixture.org).query("version", "2024-10-15")
                .jwt("admin", fixture.org, Api.ALL));

        assertEquals(204, changed.getStatusCode(), changed.getBody());
        assertEquals(200, members.getStatusCode(), members.getBody());
        assertEquals(role, body(members).at("/data/0/relationships/role/data/attributes/name").asText());
        assertFalse(members.getBody().contains("null"), members.getBody());
    }

    @Test
    void theStoreRefusesToWriteARoleWithoutAName() {
        for (String name : new String[] {null, "", "  "}) {
            assertThrows(IllegalArgumentException.class, () -> fixture.directory.putRole(fixture.org, role, name));
        }
    }
}
