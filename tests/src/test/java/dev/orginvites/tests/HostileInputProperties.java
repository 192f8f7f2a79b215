package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.testkit.Bodies;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.TestTokenKeys;
import dev.orginvites.shared.token.AcceptToken;
import dev.orginvites.shared.token.AcceptTokens;
import dev.orginvites.shared.token.TokenKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Requests generated across every input channel (path ids, query parameters, headers, content types, bodies and
 * claims), valid and hostile mixed, addresses and tokens among them. Whatever arrives: the answer is the documented
 * success or a 4xx with a valid error document (every answer is held to the contract), never a 5xx; no body names an
 * exception, a stack frame or an internal package; an error detail quotes input only short and without control
 * characters; the table changes only when the answer says it did (201, 204); and the request's one log line holds no
 * address and no token.
 */
abstract class HostileInputProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A JWT, as a client might paste it anywhere; every JWT starts with {@code eyJ}. */
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aWN0aW1AZXhhbXBsZS5jb20ifQ.c2lnbmF0dXJl";
    /** Far above any detail the API writes, far below the longest input. */
    private static final int MAX_DETAIL = 400;
    private static final Set<String> INTERNAL = Set.of("Exception", "exception", "\tat ", "dev.orginvites",
            "software.amazon", "com.fasterxml", "java.", "jackson", "DynamoDb", "null pointer");

    private Api api;
    private String pendingInvite;
    /** The fixture's member's membership ({@link Api#member}), which the membership routes mostly name. */
    private String member;

    /** Fresh orgs on the store the properties run on. */
    abstract Fixture fixture();

    @BeforeProperty
    void start() {
        api = new Api(fixture());
        pendingInvite = api.fixture.invitations.create(api.fixture.org, "pending@example.com", api.fixture.developer, "x",
                api.fixture.clock.instant()).id();
        member = api.member();
    }

    @Property
    void anyRequestGetsADocumentedAnswer(@ForAll("requests") HttpApiEvents request) {
        int before = invitationItems();
        int recordsBefore = api.sortKeys().size() - before;
        api.clearLogs();

        APIGatewayV2HTTPResponse response = api.send(request);

        int status = response.getStatusCode();
        Statistics.label("status").collect(status);
        Statistics.label("answer").collect(request.build().getRouteKey() + " " + status);
        assertTrue(status < 500, () -> status + " " + response.getBody());
        assertTrue(Set.of(200, 201, 204, 400, 401, 403, 404, 409, 422, 429).contains(status),
                () -> "undocumented " + status);
        if (response.getBody() != null) {
            for (String internal : INTERNAL) {
                assertFalse(response.getBody().contains(internal), () -> "'" + internal + "' in " + response.getBody());
            }
        }
        if (status >= 400) {
            for (JsonNode error : Bodies.body(response).path("errors")) {
                String detail = error.path("detail").asText();
                assertTrue(detail.length() <= MAX_DETAIL, () -> "a detail of " + detail.length() + " characters");
                assertTrue(detail.chars().noneMatch(Character::isISOControl), () -> "a control character in " + detail);
            }
        }
        String log = api.logs();
        assertEquals(1, log.lines().count(), log);
        assertFalse(log.contains("@"), () -> "an address in the log: " + log);
        assertFalse(log.contains("eyJ"), () -> "a token in the log: " + log);
        boolean replayed = "true".equals(response.getHeaders().get("idempotent-replayed"));
        boolean accepted = status == 201 && request.build().getRouteKey().equals(Api.ACCEPT);
        boolean resent = status == 201 && request.build().getRouteKey().equals(Api.RESEND);
        boolean roleChanged = status == 204 && request.build().getRouteKey().equals(Api.CHANGE_ROLE);
        boolean removed = status == 204 && request.build().getRouteKey().equals(Api.REMOVE_MEMBER);
        int change = invitationItems() - before;
        // A create adds an invitation and its guard, an add a membership and its user's uniqueness item; a cancel
        // removes an invitation and its guard and keeps an audit record, a removal a membership and its user's item (and
        // its address index entry, if any) and keeps an audit record; an accept removes the invitation and its guard
        // and adds the membership, its address index entry, the user's item and an audit record; a resend replaces the
        // invitation, moves its guard and adds an audit record; a role change writes in place.
        assertEquals(resent ? 1 : accepted || status == 201 && !replayed ? 2 : roleChanged ? 0 : status == 204 ? -1 : 0,
                change, "items written for a " + status);
        int recorded = api.sortKeys().size() - invitationItems() - recordsBefore;
        assertTrue(recorded == 0 || recorded == 1 && status == 201 && !replayed,
                () -> recorded + " idempotency records written for a " + status);
        if (resent) {
            pendingInvite = Bodies.body(response).at("/data/id").asText();
        }
        if (removed) {
            member = api.member();
        } else if (status == 204 && !roleChanged || accepted) {
            pendingInvite = api.fixture.invitations.create(api.fixture.org, "pending@example.com", api.fixture.developer,
                    "x", api.fixture.clock.instant()).id();
        }
    }

    @Property
    void aCursorIsOneThisApiIssuedOrABadRequest(@ForAll("cursors") String cursor, @ForAll boolean after) {
        String parameter = after ? "starting_after" : "ending_before";

        APIGatewayV2HTTPResponse response = api.send(api.list().query(parameter, cursor));

        boolean issued;
        try {
            Cursor.id(cursor);
            issued = true;
        } catch (IllegalArgumentException e) {
            issued = false;
        }
        Statistics.label("cursor").collect(issued ? "issued" : "forged");
        if (!issued) {
            assertEquals(400, response.getStatusCode(), response.getBody());
            assertEquals(parameter, Bodies.error(response).at("/source/parameter").asText());
            return;
        }
        assertEquals(200, response.getStatusCode(), response.getBody());
        for (JsonNode invite : Bodies.body(response).path("data")) {
            assertEquals(api.fixture.org, invite.at("/relationships/org/data/id").asText(), "another org's invite");
        }
    }

    @Provide
    Arbitrary<HttpApiEvents> requests() {
        Arbitrary<Operation> operations = Arbitraries.of(List.copyOf(Api.OPERATIONS.values()));
        // Bodies go mostly to operations that take one; the others get one now and then.
        Arbitrary<Boolean> bodyWhereNoneBelongs = Arbitraries.frequency(Tuple.of(1, true), Tuple.of(9, false));
        // Accepting takes its own documents and its own callers (the invitee), mostly.
        return operations.flatMap(op -> Combinators.combine(Arbitraries.just(op), orgIds(), pathIds(), queries(),
                        headers(), ownBodies(op.routeKey()),
                        op.routeKey().equals(Api.ACCEPT) ? Arbitraries.frequencyOf(Tuple.of(4, invitees()),
                                Tuple.of(1, claims())) : claims(),
                        bodyWhereNoneBelongs)
                .as((operation, org, ids, query, headers, body, claims, stray) -> {
                    HttpApiEvents event = HttpApiEvents.request(operation.method(), operation.path());
                    if (operation.underOrg()) {
                        event.path("org_id", org);
                    }
                    for (String id : operation.idParameters()) {
                        if (!id.equals("org_id")) {
                            event.path(id, ids.get(id));
                        }
                    }
                    query.forEach(event::query);
                    headers.forEach(event::header);
                    if (body != null && (operation.takesBody() || stray)) {
                        event.body(body.text(), body.base64());
                    }
                    claims.apply(event);
                    return event;
                }));
    }

    /** Path ids as API Gateway routes them to a function: never empty, never with a slash. */
    private Arbitrary<String> orgIds() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(api.fixture.org)),
                Tuple.of(1, Arbitraries.just(api.fixture.org.toUpperCase())),
                Tuple.of(1, Arbitraries.just(api.fixture.otherOrg)),
                Tuple.of(1, Arbitraries.create(() -> UUID.randomUUID().toString())),
                Tuple.of(2, pathSegments()));
    }

    /** The bodies of an operation: its own documents mostly, where it has some, and any other body. */
    private Arbitrary<Body> ownBodies(String route) {
        Arbitrary<String> own = route.equals(Api.ACCEPT) ? acceptances()
                : route.equals(Api.ADD_MEMBER) ? additions()
                : route.equals(Api.CHANGE_ROLE) ? roleChanges() : null;
        return own == null ? bodies()
                : Arbitraries.frequencyOf(Tuple.of(7, own.map(d -> new Body(d, false))), Tuple.of(3, bodies()));
    }

    /** The path ids other than the org's, by name. */
    private Arbitrary<Map<String, String>> pathIds() {
        return Combinators.combine(inviteIds(), membershipIds())
                .as((invite, membership) -> Map.of("invite_id", invite, "membership_id", membership));
    }

    private Arbitrary<String> membershipIds() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.create(() -> member)),
                Tuple.of(1, Arbitraries.create(() -> member.toUpperCase())),
                Tuple.of(1, Arbitraries.create(() -> UUID.randomUUID().toString())), Tuple.of(1, pathSegments()));
    }

    private Arbitrary<String> inviteIds() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.create(() -> pendingInvite)),
                Tuple.of(1, Arbitraries.create(() -> UUID.randomUUID().toString())), Tuple.of(1, pathSegments()));
    }

    private static Arbitrary<String> pathSegments() {
        return hostileStrings().filter(s -> !s.isEmpty() && s.indexOf('/') < 0);
    }

    private Arbitrary<Map<String, String>> queries() {
        List<String> declared = new ArrayList<>(List.of("version"));
        Api.OPERATIONS.values().forEach(operation -> declared.addAll(operation.queryParameters()));
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(declared), Arbitraries.of("version", "limit"),
                hostileStrings());
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("2024-10-15", "2022-06-01~beta", "2023-04-28", "beta", "2022-11-14~wip", "2024-06-21",
                        "2099-01-01", "2024-02-30", "10", "20", "100", "0", "-10", "15", "1e1", ""),
                Arbitraries.create(() -> Cursor.of(pendingInvite)),
                hostileStrings());
        Arbitrary<Map<String, String>> random = Arbitraries.maps(names, values).ofMaxSize(5);
        Arbitrary<Map<String, String>> versionOnly = Arbitraries.of("2024-10-15", "2024-10-15", "2024-08-25", "2022-06-01~beta",
                "2023-04-28", "2022-11-14", "2026-01-01").map(v -> Map.of("version", v));
        return Arbitraries.frequencyOf(Tuple.of(6, versionOnly), Tuple.of(2, random.map(m -> {
            Map<String, String> withVersion = new LinkedHashMap<>(m);
            withVersion.put("version", "2024-10-15");
            return withVersion;
        })), Tuple.of(2, random));
    }

    /** The table's items other than idempotency records. */
    private int invitationItems() {
        return (int) api.sortKeys().stream().filter(sk -> !sk.startsWith("IDEMPOTENCY#")).count();
    }

    private Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> contentTypes = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("application/vnd.api+json")),
                Tuple.of(2, Arbitraries.of("application/vnd.api+json; charset=utf-8", "APPLICATION/VND.API+JSON",
                        "application/json", "text/plain", "", "multipart/form-data; boundary=x",
                        "application/vnd.api+json; ext=\"bulk\"")), Tuple.of(1, hostileStrings()));
        Arbitrary<String> requestIds = Arbitraries.oneOf(Arbitraries.create(() -> UUID.randomUUID().toString()),
                hostileStrings());
        // A few keys recur, so that replays and a key reused for another request (422) are generated too.
        Arbitrary<Map<String, String>> idempotencyKeys = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Map.of())),
                Tuple.of(2, Arbitraries.of("k-1", "\"k-1\"", "k-2", "\"\"", "k".repeat(256))
                        .map(key -> Map.of("idempotency-key", key))),
                Tuple.of(1, hostileStrings().map(key -> Map.of("idempotency-key", key))));
        return Combinators.combine(contentTypes, requestIds, Arbitraries.maps(hostileStrings().filter(s -> !s.isEmpty()),
                hostileStrings()).ofMaxSize(3), idempotencyKeys).as((type, id, extra, idempotencyKey) -> {
                    Map<String, String> headers = new LinkedHashMap<>(extra);
                    headers.putAll(idempotencyKey);
                    headers.put("content-type", type);
                    headers.put("snyk-request-id", id);
                    headers.put("authorization", "Bearer " + JWT);
                    return headers;
                });
    }

    /** A body as API Gateway hands it over: text, or base64 (for bytes that are not text). */
    record Body(String text, boolean base64) {
    }

    private Arbitrary<Body> bodies() {
        Arbitrary<String> emails = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)
                        .map(s -> s + "@example.org")),
                Tuple.of(2, Arbitraries.of("ann@example.com", " Ann@Example.COM ", "pending@example.com", "a@b",
                        "not-an-email", "", "x".repeat(300) + "@example.com")),
                Tuple.of(2, hostileStrings()));
        Arbitrary<String> roles = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(api.fixture.developer)),
                Tuple.of(1, Arbitraries.just(api.fixture.otherOrgsRole)),
                Tuple.of(1, Arbitraries.create(() -> UUID.randomUUID().toString())), Tuple.of(1, hostileStrings()));
        Arbitrary<String> documents = Combinators.combine(emails, roles).as((email, role) -> document(email, role));
        return Arbitraries.frequencyOf(Tuple.of(12, documents.map(d -> new Body(d, false))),
                Tuple.of(6, acceptances().map(d -> new Body(d, false))), Tuple.of(10, Arbitraries.oneOf(
                documents.map(d -> new Body(Base64.getEncoder().encodeToString(d.getBytes(StandardCharsets.UTF_8)), true)),
                jsonValues().map(d -> new Body(d, false)),
                Arbitraries.integers().between(30, 20_000).map(n -> new Body("{\"data\":".repeat(n) + "1"
                        + "}".repeat(n), false)),
                Arbitraries.integers().between(2, 50_000).map(n -> new Body("[".repeat(n) + "]".repeat(n), false)),
                Arbitraries.strings().ofMaxLength(200).map(s -> new Body(s, false)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                        .map(b -> new Body(Base64.getEncoder().encodeToString(b), true)),
                Arbitraries.strings().ofMaxLength(50).map(s -> new Body(s, true)),
                Arbitraries.just(new Body("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\","
                        + "\"email\":\"c@d.co\",\"role\":\"" + api.fixture.developer + "\"}}}", false)),
                Arbitraries.just(new Body("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\""
                        + "y".repeat(100_000) + "\",\"role\":\"" + api.fixture.developer + "\"}}}", false)),
                Arbitraries.just(null))));
    }

    /** Add documents: users new, members already, and anything as a user; the org's role or others; other orgs. */
    private Arbitrary<String> additions() {
        Arbitrary<String> users = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12).map(s -> "auth0|" + s)),
                Tuple.of(1, Arbitraries.of(Api.MEMBER, "invitee", "u".repeat(1000), "u".repeat(1001))),
                Tuple.of(2, hostileStrings()));
        Arbitrary<String> orgs = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(api.fixture.org)),
                Tuple.of(1, Arbitraries.of(api.fixture.org.toUpperCase(), api.fixture.otherOrg)),
                Tuple.of(1, hostileStrings()));
        return Combinators.combine(resourceTypes(), orgs, roleIds(), users).as((type, org, role, user) ->
                "{\"data\":{\"type\":" + quote(type) + ",\"relationships\":{\"org\":{\"data\":{\"type\":\"org\",\"id\":"
                        + quote(org) + "}},\"role\":{\"data\":{\"type\":\"org_role\",\"id\":" + quote(role)
                        + "}},\"user\":{\"data\":{\"type\":\"user\",\"id\":" + quote(user) + "}}}}}");
    }

    /** Role change documents: about the member (or the org, or another resource), to a role the org has or not. */
    private Arbitrary<String> roleChanges() {
        Arbitrary<String> ids = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.create(() -> member)),
                Tuple.of(1, Arbitraries.just(api.fixture.org)),
                Tuple.of(1, Arbitraries.create(() -> UUID.randomUUID().toString())), Tuple.of(1, hostileStrings()));
        return Combinators.combine(resourceTypes(), ids, roleIds()).as((type, id, role) ->
                "{\"data\":{\"type\":" + quote(type) + ",\"id\":" + quote(id) + ",\"relationships\":{\"role\":"
                        + "{\"data\":{\"type\":\"org_role\",\"id\":" + quote(role) + "}}}}}");
    }

    private static Arbitrary<String> resourceTypes() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("org_membership")),
                Tuple.of(1, Arbitraries.of("org_invitation", "ORG_MEMBERSHIP", "")), Tuple.of(1, hostileStrings()));
    }

    private Arbitrary<String> roleIds() {
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(api.fixture.developer, api.fixture.admin)),
                Tuple.of(1, Arbitraries.just(api.fixture.otherOrgsRole)),
                Tuple.of(1, Arbitraries.create(() -> UUID.randomUUID().toString())), Tuple.of(1, hostileStrings()));
    }

    /** Acceptance documents: the pending invitation's token, tokens that are not, and anything else as a token. */
    private Arbitrary<String> acceptances() {
        Arbitrary<String> tokens = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.create(() -> pendingToken(api.fixture.tokenKeys))),
                Tuple.of(1, Arbitraries.create(() -> pendingToken(new TestTokenKeys()))),
                Tuple.of(1, Arbitraries.create(() -> new AcceptToken(api.fixture.org, UUID.randomUUID().toString(),
                        new byte[32]).encode())),
                Tuple.of(2, hostileStrings()));
        return tokens.map(token -> "{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":"
                + quote(token) + "}}}");
    }

    /** The pending invitation's token under these keys (a shrunk example may name one no longer pending: then any). */
    private String pendingToken(TokenKeys keys) {
        return api.fixture.invitations.issued(api.fixture.org, pendingInvite, api.fixture.clock.instant())
                .map(issued -> new AcceptTokens(keys).issue(api.fixture.org, pendingInvite, issued.tokenNonce())
                        .encode())
                .orElse("no-longer-pending");
    }

    private static String document(String email, String role) {
        try {
            return "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":" + JSON.writeValueAsString(email)
                    + ",\"role\":" + JSON.writeValueAsString(role) + "}}}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any JSON value: scalars of every type, arrays and objects, nested a few levels. */
    private static Arbitrary<String> jsonValues() {
        Arbitrary<String> scalars = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30).map(HostileInputProperties::quote),
                Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "\"org_invitation\"", "\"data\""));
        return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                Arbitraries.maps(Arbitraries.of("data", "type", "attributes", "email", "role", "id", "meta", "x")
                        .map(HostileInputProperties::quote), inner).ofMaxSize(4)
                        .map(m -> {
                            StringBuilder out = new StringBuilder("{");
                            m.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(k).append(':').append(v));
                            return out.append('}').toString();
                        })), 0, 5);
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Strings that have broken servers: empty, huge, unicode, control characters, injection-shaped. */
    private static Arbitrary<String> hostileStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("victim@example.com", " Victim@Example.COM\n", "@", JWT, "Bearer " + JWT),
                Arbitraries.of("", " ", "\u0000", "\n", "\r\n", "%00", "../../etc/passwd", "' OR '1'='1", "${jndi:x}",
                        "<script>", "😀", "\ud800", "null", "undefined", "[]", "{}", "ORG#x", "INVITE#", "v1.",
                        "00000000-0000-0000-0000-000000000000"),
                Arbitraries.integers().between(1_000, 70_000).map("z"::repeat));
    }

    /** Who the authorizer says the caller is, in every shape claims arrive in. */
    interface Claims {
        void apply(HttpApiEvents event);
    }

    private Arbitrary<Claims> claims() {
        Arbitrary<String> permissions = Arbitraries.oneOf(
                Arbitraries.of("[org.read org.user.read org.user.invite]", "[\"org.read\",\"org.user.read\","
                        + "\"org.user.invite\"]", "org.read org.user.read org.user.invite", "[org.user.invite]", "[]",
                        "[", "]", "[\"org.user.invite\"", "[[org.user.invite]]", "{\"org.user.invite\":true}", "*"),
                hostileStrings());
        Arbitrary<String> subs = Arbitraries.oneOf(Arbitraries.of("user-1", "", " ", "auth0|abc", "victim@example.com"),
                hostileStrings());
        Arbitrary<String> orgs = Arbitraries.oneOf(Arbitraries.just(api.fixture.org),
                Arbitraries.just(api.fixture.org.toUpperCase()), Arbitraries.just(api.fixture.otherOrg), hostileStrings());
        Arbitrary<Claims> jwt = Combinators.combine(subs, orgs, permissions).as((sub, org, perms) -> event -> {
            Map<String, String> claims = new LinkedHashMap<>();
            claims.put("sub", sub);
            claims.put("org_id", org);
            claims.put("permissions", perms);
            event.jwt(claims);
        });
        Arbitrary<Claims> lambda = Combinators.combine(subs, orgs).as((sub, org) -> event -> {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("sub", sub);
            context.put("org_id", org);
            context.put("permissions", List.of("org.read", "org.user.read", "org.user.invite"));
            context.put("odd", Map.of("nested", List.of(1, 2.5, true)));
            event.lambdaAuthorizer(context);
        });
        Arbitrary<Claims> odd = Arbitraries.of(
                event -> event.lambdaAuthorizer(Map.of("sub", 42, "org_id", List.of(api.fixture.org))),
                event -> event.lambdaAuthorizer(Map.of("sub", "x", "permissions", Map.of("a", "b"))),
                event -> event.jwt(Map.of()),
                event -> event.jwt((Map<String, ?>) null));
        Arbitrary<Claims> valid = Arbitraries.just(event -> event.jwt("admin", api.fixture.org, Api.ALL));
        return Arbitraries.frequencyOf(
                Tuple.of(8, valid), Tuple.of(1, invitees()), Tuple.of(3, jwt), Tuple.of(1, lambda), Tuple.of(1, odd));
    }

    /** The pending invitation's invitee, mostly, in the shapes an address claim arrives in. */
    private static Arbitrary<Claims> invitees() {
        Arbitrary<String> emails = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("pending@example.com")),
                Tuple.of(1, Arbitraries.of(" Pending@Example.COM", "victim@example.com", "")), Tuple.of(1,
                        hostileStrings()));
        Arbitrary<String> verified = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("true")),
                Tuple.of(1, Arbitraries.of("false", "1", "TRUE", "")));
        Arbitrary<String> subs = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("invitee", "auth0|invitee")),
                Tuple.of(1, hostileStrings()));
        return Combinators.combine(subs, emails, verified).as((sub, email, isVerified) -> event -> {
            Map<String, String> claims = new LinkedHashMap<>();
            claims.put("sub", sub);
            claims.put("email", email);
            claims.put("email_verified", isVerified);
            event.jwt(claims);
        });
    }

    @Provide
    Arbitrary<String> cursors() {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of("INVITE#", "ROLE#", "EMAIL#", "CANCELLED#", "ORG#", "invite#", "").flatMap(prefix ->
                        Arbitraries.oneOf(Arbitraries.create(() -> prefix + UUID.randomUUID()),
                                Arbitraries.just(prefix + api.fixture.developer),
                                Arbitraries.just(prefix + "pending@example.com"),
                                hostileStrings().map(s -> prefix + s))));
        Arbitrary<String> objects = Arbitraries.oneOf(
                keys.map(k -> "{\"sk\":" + quote(k) + "}"),
                keys.map(k -> "{\"pk\":\"ORG#" + api.fixture.otherOrg + "\",\"sk\":" + quote(k) + "}"),
                keys.map(k -> "{\"sk\":" + quote(k) + ",\"pk\":\"ORG#" + api.fixture.otherOrg + "\"}"),
                jsonValues());
        return Arbitraries.oneOf(
                objects.map(o -> "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        o.getBytes(StandardCharsets.UTF_8))),
                objects.map(o -> "v1." + Base64.getEncoder().encodeToString(o.getBytes(StandardCharsets.UTF_8))),
                Arbitraries.create(() -> Cursor.of(UUID.randomUUID().toString())),
                Arbitraries.create(() -> Cursor.of(pendingInvite)),
                hostileStrings());
    }
}
