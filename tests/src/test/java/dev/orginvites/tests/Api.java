package dev.orginvites.tests;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orginvites.accept.AcceptInviteHandler;
import dev.orginvites.create.CreateInviteHandler;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.memberships.create.CreateMembershipHandler;
import dev.orginvites.memberships.delete.DeleteMembershipHandler;
import dev.orginvites.memberships.update.UpdateMembershipHandler;
import dev.orginvites.resend.ResendInviteHandler;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Store;
import dev.orginvites.testkit.ApiDocument;
import dev.orginvites.testkit.Bodies;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.DeployedOperations;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.InMemoryStore;
import dev.orginvites.testkit.Invitees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Every declared operation's function over one store, each answer checked against the contract, with their log
 * captured: the API as the tests here drive it.
 */
final class Api {
    /** The operations, by route key, as their handlers declare them. */
    static final Map<String, Operation> OPERATIONS = DeployedOperations.all().stream()
            .collect(Collectors.toMap(Operation::routeKey, o -> o, (a, b) -> a, TreeMap::new));
    /** The routes whose sample request needs what their declaration cannot say (see {@link #sample}). */
    static final String CREATE = CreateInviteHandler.OPERATION.routeKey();
    static final String RESEND = ResendInviteHandler.OPERATION.routeKey();
    static final String ACCEPT = AcceptInviteHandler.OPERATION.routeKey();
    static final String ADD_MEMBER = CreateMembershipHandler.OPERATION.routeKey();
    static final String CHANGE_ROLE = UpdateMembershipHandler.OPERATION.routeKey();
    static final String REMOVE_MEMBER = DeleteMembershipHandler.OPERATION.routeKey();
    /** The user the sample requests that name a membership name: see {@link #member}. */
    static final String MEMBER = "auth0|member";
    /** The resend interval the functions here run with: RESEND_INTERVAL's default, as the build sets none. */
    static final Duration RESEND_INTERVAL = Duration.ofMinutes(5);
    static final String VERSION = "2024-10-15";
    /** Every permission some operation needs. */
    static final String[] ALL = Operation.permissionsOf(OPERATIONS.values()).toArray(String[]::new);
    /** Each route's success status, as the API's OpenAPI document gives it: its one 2xx response. */
    private static final Map<String, Integer> SUCCESS = successes();

    final Fixture fixture;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers;

    Api() {
        this(new Fixture());
    }

    Api(Fixture fixture) {
        this(fixture, fixture.store);
    }

    /** The functions on another store (one whose DynamoDB client goes through a fault proxy, say). */
    Api(Fixture fixture, Store store) {
        this.fixture = fixture;
        RequestLog log = new RequestLog(new PrintStream(logs, true, StandardCharsets.UTF_8));
        handlers = new TreeMap<>();
        OPERATIONS.forEach((route, operation) -> handlers.put(route,
                Contract.checked(operation.handlers().create(new Operation.Services(store, fixture.tokenKeys,
                        fixture.clock, log)))));
    }

    /** A request that succeeds, and its status. */
    record Sample(HttpApiEvents request, int success) {
    }

    /**
     * For each route, a request in the fixture's org by a caller with every permission that succeeds, on
     * {@code pendingInvite} where the route names an invitation: what the tests that go through every route send.
     * It is derived from the route's declaration (method, path, path ids, a caller with every permission in the
     * fixture's org) and its success status from the API's OpenAPI document. What no declaration says is added here,
     * by route: a body that succeeds (priming's bodies are made to fail without writing), the invitee who accepts,
     * the clock moved on so that an invitation may be resent, a member for the routes that name a membership. A new
     * route under an org, naming at most an org and an invitation and taking no body, needs nothing here.
     */
    Sample sample(String route, String pendingInvite) {
        Operation operation = OPERATIONS.get(route);
        int success = SUCCESS.get(route);
        if (route.equals(ACCEPT)) {
            return new Sample(accept(pendingInvite), success);
        }
        if (route.equals(RESEND)) {
            // An invitation may be resent once its issue is an interval old: the clock moves on to then.
            fixture.clock.advance(RESEND_INTERVAL);
        }
        if (!operation.underOrg()) {
            throw new AssertionError(route + " names no org: say in Api.sample who the caller of its sample is");
        }
        HttpApiEvents request = HttpApiEvents.request(operation.method(), operation.path()).typicalHeaders()
                .query("version", VERSION).jwt("admin", fixture.org, ALL);
        for (String name : operation.idParameters()) {
            request.path(name, switch (name) {
                case "org_id" -> fixture.org;
                case "invite_id" -> pendingInvite;
                case "membership_id" -> member();
                default -> throw new AssertionError(route + " names {" + name + "}: say in Api.sample which one");
            });
        }
        if (route.equals(CREATE)) {
            request.json(Fixture.invitation("new@example.com", fixture.developer));
        } else if (route.equals(ADD_MEMBER)) {
            request.json(addition("auth0|new-member", fixture.developer));
        } else if (route.equals(CHANGE_ROLE)) {
            request.json(roleChange(member(), fixture.admin));
        } else if (operation.takesBody()) {
            throw new AssertionError(route + " takes a body: give Api.sample one that succeeds");
        }
        return new Sample(request, success);
    }

    /**
     * The membership of {@link #MEMBER} in the fixture's org, as a Developer, added through the store the first time it
     * is asked for.
     */
    String member() {
        return fixture.memberships.ofUser(fixture.org, MEMBER).orElseGet(() -> fixture.memberships.add(fixture.org,
                MEMBER, fixture.developer, "admin", fixture.clock.instant())).id();
    }

    /** A create request document that adds {@code userId} to the fixture's org with {@code role}. */
    String addition(String userId, String role) {
        return "{\"data\":{\"type\":\"org_membership\",\"relationships\":{\"org\":{\"data\":{\"type\":\"org\",\"id\":\""
                + fixture.org + "\"}},\"role\":{\"data\":{\"type\":\"org_role\",\"id\":\"" + role + "\"}},\"user\":"
                + "{\"data\":{\"type\":\"user\",\"id\":" + Bodies.quote(userId) + "}}}}}";
    }

    /** An update request document that gives {@code membershipId} the role {@code role}. */
    static String roleChange(String membershipId, String role) {
        return "{\"data\":{\"type\":\"org_membership\",\"id\":\"" + membershipId + "\",\"relationships\":{\"role\":"
                + "{\"data\":{\"type\":\"org_role\",\"id\":\"" + role + "\"}}}}}";
    }

    private static Map<String, Integer> successes() {
        JsonNode api;
        try {
            api = new YAMLMapper().readTree(ApiDocument.committed().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> successes = new TreeMap<>();
        for (Operation operation : OPERATIONS.values()) {
            List<Integer> statuses = new ArrayList<>();
            api.path("paths").path(operation.path()).path(operation.method().toLowerCase(Locale.ROOT))
                    .path("responses").fieldNames().forEachRemaining(status -> {
                        if (status.startsWith("2")) {
                            statuses.add(Integer.valueOf(status));
                        }
                    });
            if (statuses.size() != 1) {
                throw new IllegalStateException(operation.routeKey() + " has " + statuses + " as its 2xx statuses in "
                        + ApiDocument.FILE + ", not one");
            }
            successes.put(operation.routeKey(), statuses.get(0));
        }
        return successes;
    }

    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return send(event, null);
    }

    /** As Lambda invokes the function: with its context. */
    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event, Context context) {
        return handlers.get(event.getRouteKey()).handleRequest(event, context);
    }

    APIGatewayV2HTTPResponse send(HttpApiEvents event) {
        return send(event.build());
    }

    /** A create request in the fixture's org by a caller with every permission. */
    HttpApiEvents create(String email, String role) {
        return HttpApiEvents.request("POST", "/orgs/{org_id}/invites").typicalHeaders().path("org_id", fixture.org)
                .query("version", VERSION).jwt("admin", fixture.org, ALL).json(Fixture.invitation(email, role));
    }

    HttpApiEvents list() {
        return follow("/orgs/" + fixture.org + "/invites?version=" + VERSION);
    }

    /** A list request for a link as the API gives it ({@code /orgs/<org>/invites?version=...&...}). */
    HttpApiEvents follow(String link) {
        URI uri = URI.create(link);
        return HttpApiEvents.request("GET", "/orgs/{org_id}/invites").typicalHeaders().path("org_id", fixture.org)
                .rawPath(uri.getRawPath()).rawQuery(uri.getRawQuery()).jwt("admin", fixture.org, ALL);
    }

    HttpApiEvents cancel(String inviteId) {
        return HttpApiEvents.request("DELETE", "/orgs/{org_id}/invites/{invite_id}").typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", inviteId).query("version", VERSION)
                .jwt("admin", fixture.org, ALL);
    }

    HttpApiEvents get(String inviteId) {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/invites/{invite_id}").typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", inviteId).query("version", VERSION)
                .jwt("admin", fixture.org, ALL);
    }

    HttpApiEvents resend(String inviteId) {
        return HttpApiEvents.request("POST", "/orgs/{org_id}/invites/{invite_id}/resend").typicalHeaders()
                .path("org_id", fixture.org).path("invite_id", inviteId).query("version", VERSION)
                .jwt("admin", fixture.org, ALL);
    }

    /**
     * The invitee's acceptance of a pending invitation in the fixture's org: the token its email carries, presented by
     * a caller whose token carries the invitation's address, verified.
     */
    HttpApiEvents accept(String inviteId) {
        String email = fixture.invitations.issued(fixture.org, inviteId, fixture.clock.instant()).orElseThrow().invite()
                .email();
        return Invitees.accept("invitee", email, true, Invitees.token(fixture.store, fixture.tokenKeys, fixture.org,
                inviteId, fixture.clock.instant()));
    }

    HttpApiEvents addMember(String userId, String role) {
        return HttpApiEvents.request("POST", "/orgs/{org_id}/memberships").typicalHeaders().path("org_id", fixture.org)
                .query("version", VERSION).jwt("admin", fixture.org, ALL).json(addition(userId, role));
    }

    HttpApiEvents changeRole(String membershipId, String role) {
        return HttpApiEvents.request("PATCH", "/orgs/{org_id}/memberships/{membership_id}").typicalHeaders()
                .path("org_id", fixture.org).path("membership_id", membershipId).query("version", VERSION)
                .jwt("admin", fixture.org, ALL).json(roleChange(membershipId, role));
    }

    HttpApiEvents removeMember(String membershipId) {
        return HttpApiEvents.request("DELETE", "/orgs/{org_id}/memberships/{membership_id}").typicalHeaders()
                .path("org_id", fixture.org).path("membership_id", membershipId).query("version", VERSION)
                .jwt("admin", fixture.org, ALL);
    }

    HttpApiEvents memberships() {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/memberships").typicalHeaders().path("org_id", fixture.org)
                .query("version", VERSION).jwt("admin", fixture.org, ALL);
    }

    /** What the functions have logged so far. */
    String logs() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    void clearLogs() {
        logs.reset();
    }

    /** The sort keys of the fixture's two orgs' items, read directly, on either store. */
    List<String> sortKeys() {
        if (fixture.store instanceof InMemoryStore twin) {
            List<String> keys = new ArrayList<>(twin.sortKeys(fixture.org));
            keys.addAll(twin.sortKeys(fixture.otherOrg));
            return keys;
        }
        return items().stream().map(item -> item.get("sk").s()).toList();
    }

    /**
     * Every item of the fixture's two orgs, read directly: their partitions hold everything the API writes for them,
     * and other tests' orgs share the table.
     */
    List<Map<String, AttributeValue>> items() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (String org : List.of(fixture.org, fixture.otherOrg)) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = Fixture.client().query(r -> r.tableName(fixture.table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ORG#" + org)))
                        .exclusiveStartKey(from));
                items.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return items;
    }
}
