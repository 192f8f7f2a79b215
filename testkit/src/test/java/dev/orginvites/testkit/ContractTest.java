package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract check itself: it passes what the spec allows and fails what it does not. */
class ContractTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String ORG = "4a72d1db-b465-4764-99e1-ecedad03b06a";
    private static final String ID = "0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e";
    private static final String RESOURCE = "{\"id\":\"" + ID + "\",\"type\":\"org_invitation\",\"attributes\":"
            + "{\"email\":\"a@b.co\",\"is_active\":true,\"role\":\"%s\"}}";
    private static final Map<String, String> HEADERS = Map.of("content-type", "application/vnd.api+json",
            "snyk-request-id", "f16c31b5-6129-4571-add8-d589da9be524", "snyk-version-served", "2024-06-21",
            "snyk-version-requested", "2024-10-15", "snyk-version-lifecycle-stage", "ga");

    private static APIGatewayV2HTTPEvent list() {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/invites").path("org_id", ORG)
                .query("version", "2024-10-15").build();
    }

    private static APIGatewayV2HTTPEvent create(String body) {
        return HttpApiEvents.request("POST", "/orgs/{org_id}/invites").path("org_id", ORG)
                .query("version", "2024-10-15").json(body).build();
    }

    private static APIGatewayV2HTTPResponse response(int status, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    @Test
    void passesWhatTheSpecAllows() {
        Contract.check(list(), response(200, HEADERS, "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":["
                + String.format(RESOURCE, "Developer") + "],\"links\":{\"self\":\"/x\"}}"));
        Contract.check(create("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"role\":\""
                + ID + "\"}}}"), response(201, HEADERS, "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":"
                + String.format(RESOURCE, ID) + "}"));
        Contract.check(list(), response(400, HEADERS, "{\"jsonapi\":{\"version\":\"1.0\"},\"errors\":[{\"status\":\"400\","
                + "\"detail\":\"d\",\"source\":{\"parameter\":\"limit\"}}]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"data\":[],\"links\":{}}",
            "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":[],\"links\":{},\"meta\":{}}",
            "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":[{\"id\":\"x\",\"type\":\"org_invitation\",\"attributes\":{}}],\"links\":{}}",
            "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":[" + "{\"id\":\"0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e\","
                    + "\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"is_active\":true,\"role\":null}}"
                    + "],\"links\":{}}",
            "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":[],\"links\":{\"next\":null}}"})
    void failsABodyTheSpecRejects(String body) {
        assertThrows(AssertionError.class, () -> Contract.check(list(), response(200, HEADERS, body)));
    }

    @Test
    void failsErrorsAndHeadersTheSpecRejects() {
        assertThrows(AssertionError.class, () -> Contract.check(list(), response(400, HEADERS,
                "{\"jsonapi\":{\"version\":\"1.0\"},\"errors\":[{\"status\":400,\"detail\":\"d\"}]}")));
        assertThrows(AssertionError.class, () -> Contract.check(list(), response(404, HEADERS,
                "{\"jsonapi\":{\"version\":\"1.0\"},\"errors\":[{\"status\":\"404\",\"detail\":\"d\",\"stack\":\"x\"}]}")));
        assertThrows(AssertionError.class, () -> Contract.check(list(), response(200,
                Map.of("content-type", "application/vnd.api+json", "snyk-request-id", "not-a-uuid"),
                "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":[],\"links\":{}}")));
        assertThrows(AssertionError.class, () -> Contract.check(list(), response(418, HEADERS, "{}")));
    }

    @Test
    void failsASuccessForARequestTheSpecRejects() {
        assertThrows(AssertionError.class, () -> Contract.check(
                create("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\",\"role\":\"" + ID
                        + "\",\"extra\":1}}}"),
                response(201, HEADERS, "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":" + String.format(RESOURCE, ID) + "}")));
    }

    private static final String TOP_LEVEL = "{\"email\":\"a@b.co\",\"role\":\"" + ID + "\"}";
    private static final String DOCUMENT = "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"a@b.co\","
            + "\"role\":\"" + ID + "\"}}}";
    private static final String WITH_RELATIONSHIPS = "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":"
            + "\"a@b.co\",\"role\":\"" + ID + "\"},\"relationships\":{\"org\":{}}}}";

    /** A 201 served by {@code release}, its role shown as {@code role}. */
    private static APIGatewayV2HTTPResponse created(String release, String role) {
        Map<String, String> headers = new HashMap<>(HEADERS);
        headers.put("snyk-version-served", release);
        return response(201, headers, "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":" + String.format(RESOURCE, role) + "}");
    }

    /** The overlay's releases, oldest first, then the spec's own (the latest). */
    private static List<String> createReleases() {
        List<String> releases = Contract.releases("createOrgInvitation");
        assertEquals(Contract.overlaidReleases("createOrgInvitation"), releases.subList(0, releases.size() - 1),
                "the overlay describes every release but the latest, which the spec describes");
        return releases;
    }

    @Test
    void eachCreateReleaseIsHeldToItsOwnRequestShape() {
        List<String> releases = createReleases();
        String first = releases.get(0);
        String second = releases.get(1);
        String latest = releases.get(2);

        Contract.check(create(TOP_LEVEL), created(first, ID));
        assertThrows(AssertionError.class, () -> Contract.check(create(DOCUMENT), created(first, ID)));
        assertThrows(AssertionError.class, () -> Contract.check(create(WITH_RELATIONSHIPS), created(first, ID)));

        Contract.check(create(DOCUMENT), created(second, ID));
        Contract.check(create(WITH_RELATIONSHIPS), created(second, ID));
        assertThrows(AssertionError.class, () -> Contract.check(create(TOP_LEVEL), created(second, ID)));

        Contract.check(create(DOCUMENT), created(latest, ID));
        assertThrows(AssertionError.class, () -> Contract.check(create(WITH_RELATIONSHIPS), created(latest, ID)));
        assertThrows(AssertionError.class, () -> Contract.check(create(TOP_LEVEL), created(latest, ID)));
    }

    @Test
    void eachCreateReleaseIsHeldToItsOwnResponseShape() {
        List<String> releases = createReleases();

        Contract.check(create(TOP_LEVEL), created(releases.get(0), "Developer")); // role: a plain string then
        Contract.check(create(TOP_LEVEL), created(releases.get(0), ID));
        assertThrows(AssertionError.class, () -> Contract.check(create(DOCUMENT), created(releases.get(1), "Developer")));
        assertThrows(AssertionError.class, () -> Contract.check(create(DOCUMENT), created(releases.get(2), "Developer")));
    }

    private static APIGatewayV2HTTPEvent read() {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/invites/{invite_id}").path("org_id", ORG)
                .path("invite_id", ID).query("version", "2026-12-04").build();
    }

    /** A 200 to a read served by {@code release}, with {@code more} appended to the resource's attributes. */
    private static APIGatewayV2HTTPResponse readAnswer(String release, String more) {
        Map<String, String> headers = new HashMap<>(HEADERS);
        headers.put("snyk-version-served", release);
        return response(200, headers, "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":"
                + String.format(RESOURCE, "Developer").replace("}}", more + "}}") + ",\"links\":{\"self\":\"/x\"}}");
    }

    /**
     * getOrgInvitation, this API's own, is held to each release's shape as Snyk's operations are: 2024-10-15 (the
     * overlay's) to Snyk's attributes, which allow no failure; 2026-12-04 (the latest) to attributes that may add
     * a failure's time (a date-time) and reason (one of four).
     */
    @Test
    void eachReadReleaseIsHeldToItsOwnResponseShape() {
        List<String> releases = Contract.releases("getOrgInvitation");
        assertEquals(List.of("2024-10-15", "2026-12-04"), releases);
        assertEquals(Contract.overlaidReleases("getOrgInvitation"), releases.subList(0, releases.size() - 1),
                "the overlay describes every release but the latest, which org-invites-openapi.yml describes");
        String failed = ",\"failed_at\":\"2026-12-04T10:00:00.120Z\",\"failed_reason\":\"bounced\"";

        Contract.check(read(), readAnswer("2024-10-15", ""));
        Contract.check(read(), readAnswer("2026-12-04", ""));
        Contract.check(read(), readAnswer("2026-12-04", failed));
        assertThrows(AssertionError.class, () -> Contract.check(read(), readAnswer("2024-10-15", failed)));
        assertThrows(AssertionError.class, () -> Contract.check(read(), readAnswer("2026-12-04",
                failed.replace("bounced", "transient_bounce"))));
        assertThrows(AssertionError.class, () -> Contract.check(read(), readAnswer("2026-12-04",
                failed.replace("2026-12-04T10:00:00.120Z", "yesterday"))));
        assertThrows(AssertionError.class, () -> Contract.check(read(), readAnswer("2026-12-04",
                failed + ",\"failed_detail\":\"x\"")));
    }

    @Test
    void aMergePatchMergesObjectsRemovesNullsAndReplacesTheRest() throws Exception {
        ObjectMapper json = new ObjectMapper();

        String merged = ApiDocument.mergePatch(json.readTree("{\"a\":{\"b\":1,\"c\":2},\"d\":[1,2],\"e\":3}"),
                json.readTree("{\"a\":{\"b\":null,\"x\":4},\"d\":[3],\"f\":{\"g\":5}}")).toString();

        assertEquals("{\"a\":{\"c\":2,\"x\":4},\"d\":[3],\"e\":3,\"f\":{\"g\":5}}", merged);
        assertTrue(Contract.releases("listOrgInvitation").size() == 1);
    }

    @Test
    void ownOperationsAreAddedToSnyksSpecAndMayNotRedefineIt() throws Exception {
        com.fasterxml.jackson.databind.JsonNode snyk = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(Contract.class.getResourceAsStream("/contract/snyk-invites-openapi.yml"));
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode get = json.readTree("{\"paths\":{\"/orgs/{org_id}/invites/{invite_id}\":"
                + "{\"get\":{\"operationId\":\"getOrgInvitation\",\"responses\":{\"404\":"
                + "{\"$ref\":\"#/components/responses/404\"}}}}}}");

        com.fasterxml.jackson.databind.JsonNode merged = ApiDocument.withOwnOperations(snyk, get);

        assertTrue(Contract.routes(merged).contains("GET /orgs/{org_id}/invites/{invite_id}"));
        assertTrue(Contract.routes(merged).contains("DELETE /orgs/{org_id}/invites/{invite_id}"), "Snyk's kept");
        assertEquals(Contract.routes(snyk).size() + 1, Contract.routes(merged).size());
        com.fasterxml.jackson.databind.JsonNode redefined = json.readTree("{\"paths\":{\"/orgs/{org_id}/invites\":"
                + "{\"post\":{\"operationId\":\"mine\"}}}}");
        assertThrows(IllegalStateException.class, () -> ApiDocument.withOwnOperations(snyk, redefined));
    }

    /**
     * Where the API serves Snyk's shapes differently is the overlay's patch, and the patch changes exactly these
     * places, each a departure the overlay lists: the user id is the token's sub, the names this API may not have are
     * not required, and the list's refused parameters (and the components only they used) are not listed.
     */
    @Test
    void theOverlaysPatchChangesExactlyTheListedPlaces() {
        String user = "/components/schemas/OrgMembershipUserData/properties/data/properties";
        String createdUser = "/components/schemas/CreateOrgMembershipRequestBody20240825/properties/data/properties/"
                + "relationships/properties/user/properties/data/properties/id";
        Set<String> expected = Set.of(
                "/paths/~1orgs~1{org_id}~1memberships/get/parameters",
                "/components/parameters/RoleFilter", "/components/parameters/UsernameFilter",
                "/components/parameters/UserIdFilter/description",
                createdUser + "/format", createdUser + "/description", createdUser + "/example",
                user + "/id/format", user + "/id/description", user + "/id/example",
                user + "/attributes/required",
                "/components/schemas/OrgMembershipOrgData/properties/data/properties/attributes/required");

        assertEquals(expected, leaves(ApiDocument.OVERLAY.path("patch"), ""));
    }

    private static Set<String> leaves(JsonNode patch, String at) {
        if (!patch.isObject()) {
            return Set.of(at);
        }
        Set<String> out = new TreeSet<>();
        patch.fields().forEachRemaining(member -> out.addAll(
                leaves(member.getValue(), at + "/" + member.getKey().replace("~", "~0").replace("/", "~1"))));
        return out;
    }

    /** The members list takes Snyk's parameters, in Snyk's order, but its sorts and its other filters. */
    @Test
    void theMembershipListTakesSnyksParametersButItsSortsAndOtherFilters() {
        String parameters = "/paths/~1orgs~1{org_id}~1memberships/get/parameters";
        List<JsonNode> expected = new ArrayList<>();
        ApiDocument.SNYK.at(parameters).forEach(parameter -> {
            String name = parameter.has("name") ? parameter.path("name").asText() : parameter.path("$ref").asText();
            if (!List.of("sort_by", "sort_order", "#/components/parameters/UsernameFilter",
                    "#/components/parameters/RoleFilter").contains(name)) {
                expected.add(parameter);
            }
        });

        assertEquals(7, expected.size());
        assertEquals(expected, elements(ApiDocument.build().at(parameters)));
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /**
     * Snyk's two parts are one spec: their shared components are the same (else the union fails), and an operation
     * described in both is refused.
     */
    @Test
    void snyksPartsAreOneSpecAndMayNotDescribeOneThingTwice() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode invites = YAML.readTree(ContractTest.class.getResource("/contract/snyk-invites-openapi.yml"));

        assertTrue(Contract.routes(ApiDocument.SNYK).containsAll(Contract.routes(invites)));
        assertTrue(Contract.routes(ApiDocument.SNYK).contains("PATCH /orgs/{org_id}/memberships/{membership_id}"));
        JsonNode differentHeader = json.readTree("{\"components\":{\"headers\":{\"SunsetHeader\":"
                + "{\"schema\":{\"type\":\"integer\"}}}}}");
        assertThrows(IllegalStateException.class, () -> ApiDocument.union(invites, differentHeader));
        JsonNode sameOperation = json.readTree("{\"paths\":{\"/orgs/{org_id}/invites\":{\"get\":{}}}}");
        assertThrows(IllegalStateException.class, () -> ApiDocument.union(invites, sameOperation));
        JsonNode sameHeader = json.readTree("{\"components\":{\"headers\":{\"SunsetHeader\":"
                + invites.at("/components/headers/SunsetHeader") + "}}}");
        assertEquals(invites, ApiDocument.union(invites, sameHeader));
    }
}
