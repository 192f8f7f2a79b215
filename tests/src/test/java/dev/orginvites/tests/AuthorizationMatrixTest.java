package dev.orginvites.tests;

import static dev.orginvites.testkit.Bodies.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.testkit.EmulatorTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every route against every kind of caller: no claims (401); on a route under an org, a token for another org (404,
 * the org never revealed) and each required permission missing (403); on a route under no org (accepting an
 * invitation, where the token's org and permissions count for nothing), a stranger with every permission in another
 * org and a verified address that is not the invitee's (403); and the route's rightful caller (success). Whatever the
 * answer, the other org's data is never returned and never changed.
 */
@EmulatorTest
class AuthorizationMatrixTest {
    enum Caller { NO_CLAIMS, OTHER_ORG, MISSING_PERMISSION, STRANGER, ALL_PERMISSIONS }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Operation operation : Api.OPERATIONS.values()) {
            String route = operation.routeKey();
            cases.add(Arguments.of(route, Caller.NO_CLAIMS, null, 401));
            if (operation.underOrg()) {
                cases.add(Arguments.of(route, Caller.OTHER_ORG, null, 404));
            } else {
                cases.add(Arguments.of(route, Caller.STRANGER, null, 403));
            }
            for (String missing : operation.permissions()) {
                cases.add(Arguments.of(route, Caller.MISSING_PERMISSION, missing, 403));
            }
            cases.add(Arguments.of(route, Caller.ALL_PERMISSIONS, null, -1));
        }
        return cases.stream();
    }

    /** The answer to every caller who is refused; a caller with every permission gets the route's success. */
    @ParameterizedTest(name = "{0} by {1} {2}")
    @MethodSource("matrix")
    void answersEachCallerAndNeverTouchesAnotherOrg(String route, Caller caller, String missing, int refusal) {
        Api api = new Api();
        String mine = api.fixture.invitations.create(api.fixture.org, "mine@example.com", api.fixture.developer, "x",
                api.fixture.clock.instant()).id();
        String theirs = api.fixture.invitations.create(api.fixture.otherOrg, "theirs@example.com",
                api.fixture.otherOrgsRole, "y", api.fixture.clock.instant()).id();
        List<Map<String, AttributeValue>> othersBefore = otherOrgsItems(api);

        Api.Sample sample = api.sample(route, mine);
        HttpApiEvents request = sample.request();
        int expected = caller == Caller.ALL_PERMISSIONS ? sample.success() : refusal;
        switch (caller) {
            case NO_CLAIMS:
                request.jwt((Map<String, ?>) null);
                break;
            case OTHER_ORG:
                request.jwt("intruder", api.fixture.otherOrg, Api.ALL);
                break;
            case STRANGER:
                request.jwt(Map.of("sub", "intruder", "org_id", api.fixture.otherOrg, "permissions", List.of(Api.ALL),
                        "email", "intruder@example.com", "email_verified", true));
                break;
            case MISSING_PERMISSION:
                request.jwt("limited", api.fixture.org, Arrays.stream(Api.ALL).filter(p -> !p.equals(missing))
                        .toArray(String[]::new));
                break;
            default:
                break;
        }
        APIGatewayV2HTTPResponse response = api.send(request);

        assertEquals(expected, response.getStatusCode(), response.getBody());
        if (response.getBody() != null) {
            assertFalse(response.getBody().contains(theirs), "another org's invite id leaked");
            assertFalse(response.getBody().contains("theirs@example.com"), "another org's invite leaked");
            assertFalse(response.getBody().contains(api.fixture.otherOrg), "another org's id leaked");
            if (expected >= 400) {
                assertEquals(String.valueOf(expected), body(response).at("/errors/0/status").asText());
            }
        }
        assertEquals(othersBefore, otherOrgsItems(api), "another org's items changed");
        Invariants.check(api.items(), api.fixture.clock.instant());
    }

    /**
     * A token whose permissions claim is {@code ["org.read,org.user.read,org.user.invite"]}, one odd name, arrives
     * flattened by API Gateway as {@code [org.read,org.user.read,org.user.invite]}: it grants nothing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void oneArrayElementWithCommasGrantsNothing(String route) {
        Api api = new Api();
        String mine = api.fixture.invitations.create(api.fixture.org, "mine@example.com", api.fixture.developer, "x",
                api.fixture.clock.instant()).id();
        HttpApiEvents request = api.sample(route, mine).request();

        APIGatewayV2HTTPResponse response = api.send(request.jwt(Map.of("sub", "commas", "org_id", api.fixture.org,
                "permissions", List.of(String.join(",", Api.ALL)))));

        assertEquals(403, response.getStatusCode(), response.getBody());
    }

    /** The routes that require a permission. */
    static Stream<String> routes() {
        return Api.OPERATIONS.values().stream().filter(o -> !o.permissions().isEmpty()).map(Operation::routeKey);
    }

    private static List<Map<String, AttributeValue>> otherOrgsItems(Api api) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Map<String, AttributeValue> item : api.items()) {
            if (item.get("pk").s().equals("ORG#" + api.fixture.otherOrg)) {
                items.add(item);
            }
        }
        items.sort((a, b) -> a.get("sk").s().compareTo(b.get("sk").s()));
        return items;
    }
}
