package dev.orginvites.memberships.delete;

import static dev.orginvites.testkit.Bodies.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.Invitees;
import dev.orginvites.testkit.MemoryFixture;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every status a removal answers, through {@code handleRequest} on the in-memory store: milliseconds, beside the
 * tests on the emulator ({@link DeleteMembershipHandlerTest}). Each answer is held to the contract.
 */
class DeleteMembershipHandlerSliceTest {
    private static final String ROUTE = "/orgs/{org_id}/memberships/{membership_id}";

    private final MemoryFixture fixture = new MemoryFixture();
    private final String org = fixture.org;
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = Contract.checked(
            new DeleteMembershipHandler(fixture.memberships, fixture.clock, RequestLog.discard()));
    private final Membership ada = Invitees.member(fixture.store, org, fixture.role, "ada@example.com", "auth0|ada",
            fixture.clock.instant());

    private HttpApiEvents request(String membershipId, String version, String... permissions) {
        return HttpApiEvents.request("DELETE", ROUTE).typicalHeaders().path("org_id", org)
                .path("membership_id", membershipId).query("version", version).jwt("auth0|owner", org, permissions);
    }

    private APIGatewayV2HTTPResponse remove(String membershipId) {
        return handler.handleRequest(request(membershipId, "2024-10-15", "org.membership.delete").build(), null);
    }

    private List<Membership> members() {
        return fixture.memberships.list(org, PageRequest.first(100)).memberships();
    }

    @Test
    void removesTheMemberOnceAndKeepsAnAuditRecord() {
        APIGatewayV2HTTPResponse response = remove(ada.id());

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertNull(response.getBody());
        assertEquals("2024-08-25", response.getHeaders().get("snyk-version-served"));
        assertEquals(List.of(), members());
        assertEquals(Optional.empty(), fixture.memberships.ofUser(org, "auth0|ada"));
        assertTrue(fixture.store.sortKeys(org).contains("REMOVED#" + ada.id()), fixture.store.sortKeys(org).toString());

        APIGatewayV2HTTPResponse again = remove(ada.id());
        assertEquals(404, again.getStatusCode(), again.getBody());
        assertEquals("membership-not-found", error(again).path("code").asText());
    }

    @Test
    void theExperimentalReleaseIsServedAlike() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(ada.id(), "2024-06-06~experimental",
                "org.membership.delete").build(), null);

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertEquals("2024-06-06~experimental", response.getHeaders().get("snyk-version-served"));
        assertEquals(List.of(), members());
    }

    @Test
    void anUpperCaseIdNamesTheSameMembership() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("DELETE", ROUTE)
                .typicalHeaders().path("org_id", org.toUpperCase()).path("membership_id", ada.id().toUpperCase())
                .query("version", "2024-10-15").jwt("auth0|owner", org, "org.membership.delete").build(), null);

        assertEquals(204, response.getStatusCode(), response.getBody());
        assertEquals(List.of(), members());
    }

    /** A membership the org does not have (never made, another org's) is a 404, and nothing is removed. */
    @Test
    void aMembershipTheOrgDoesNotHaveIsNotFound() {
        String other = UUID.randomUUID().toString();
        fixture.directory.putRole(other, fixture.role, "Developer");
        Membership theirs = fixture.memberships.add(other, "auth0|theirs", fixture.role, "x", fixture.clock.instant());

        for (String id : List.of(theirs.id(), TimeOrderedIds.next(fixture.clock.instant()).toString())) {
            APIGatewayV2HTTPResponse response = remove(id);

            assertEquals(404, response.getStatusCode(), response.getBody());
            assertEquals("membership-not-found", error(response).path("code").asText());
        }
        assertEquals(Optional.of(theirs), fixture.memberships.find(other, theirs.id()));
        assertEquals(List.of(ada), members());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "auth0|ada", "%00"})
    void aMalformedMembershipIdIsABadRequest(String membershipId) {
        APIGatewayV2HTTPResponse response = remove(membershipId);

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("membership_id", error(response).at("/source/parameter").asText());
        assertEquals(List.of(ada), members());
    }

    @Test
    void aBodyIsABadRequest() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(ada.id(), "2024-10-15",
                "org.membership.delete").json("{\"data\":{\"type\":\"org_membership\",\"id\":\"" + ada.id() + "\"}}")
                .build(), null);

        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals(List.of(ada), members());
    }

    @Test
    void withoutTheDeletePermissionTheCallerIsForbidden() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(ada.id(), "2024-10-15", "org.membership.add",
                "org.membership.edit", "org.membership.read").build(), null);

        assertEquals(403, response.getStatusCode(), response.getBody());
        assertEquals(List.of(ada), members());
    }

    @Test
    void anOrgTheTokenIsNotScopedToIsNotFound() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(ada.id(), "2024-10-15")
                .jwt("auth0|owner", UUID.randomUUID().toString(), "org.membership.delete").build(), null);

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("org-not-found", error(response).path("code").asText());
        assertEquals(List.of(ada), members());
    }

    @Test
    void withoutClaimsTheCallerIsUnauthorized() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("DELETE", ROUTE)
                .typicalHeaders().path("org_id", org).path("membership_id", ada.id()).query("version", "2024-10-15")
                .build(), null);

        assertEquals(401, response.getStatusCode(), response.getBody());
        assertEquals(List.of(ada), members());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-06-05~experimental", "2024-06-06~beta", "2024-08-24", "2024-10-15~experimental"})
    void aVersionNoReleaseServesIsNotFound(String version) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(request(ada.id(), version, "org.membership.delete")
                .build(), null);

        assertEquals(404, response.getStatusCode(), response.getBody());
        assertEquals("version-not-found", error(response).path("code").asText());
        assertEquals(List.of(ada), members());
    }
}
