package dev.orginvites.memberships;

import static dev.orginvites.shared.testing.Bodies.body;
import static dev.orginvites.shared.testing.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.testing.Contract;
import dev.orginvites.shared.testing.Invitees;
import dev.orginvites.shared.testing.MemoryFixture;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every status the list of memberships answers, through {@code handleRequest} on the in-memory store: milliseconds,
 * beside the tests on the emulator ({@link ListMembershipsHandlerTest}).
 */
class ListMembershipsHandlerSliceTest {
    private final MemoryFixture fixture = new MemoryFixture();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new ListMembershipsHandler(fixture.store, fixture.clock, RequestLog.discard()));

    private APIGatewayV2HTTPResponse list(HttpApiEvents request) {
        return handler.handleRequest(request.build(), null);
    }

    private HttpApiEvents request(String org, String... permissions) {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/memberships").typicalHeaders().path("org_id", org)
                .query("version", "2024-10-15").jwt("admin", org, permissions);
    }

    @Test
    void listsTheMembersWithTheirRoleAndAddress() {
        Membership ada = Invitees.member(fixture.store, fixture.org, fixture.role, "ada@example.com", "auth0|ada",
                fixture.clock.instant());

        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(ada.id(), body(response).at("/data/0/id").asText());
        assertEquals("Developer", body(response).at("/data/0/relationships/role/data/attributes/name").asText());
        assertEquals("ada@example.com", body(response).at("/data/0/relationships/user/data/attributes/email").asText());
        assertEquals("2024-08-25", response.getHeaders().get("snyk-version-served"));
    }

    @Test
    void aParameterSnykDefinesButThisApiDoesNotServeIsABadRequest() {
        APIGatewayV2HTTPResponse response = list(request(fixture.org, "org.membership.read").query("sort_by", "email"));

        assertEquals(400, response.getStatusCode());
        assertEquals("sort_by", error(response).at("/source/parameter").asText());
    }

    @Test
    void withoutThePermissionTheCallerIsForbidden() {
        assertEquals(403, list(request(fixture.org, "org.read", "org.user.read")).getStatusCode());
    }

    @Test
    void anotherOrgIsNotFound() {
        String other = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse response = list(request(other, "org.membership.read").jwt("admin", fixture.org,
                "org.membership.read"));

        assertEquals(404, response.getStatusCode());
        assertEquals("org-not-found", error(response).path("code").asText());
    }
}
