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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void aMergePatchMergesObjectsRemovesNullsAndReplacesTheRest() throws Exception {
        ObjectMapper json = new ObjectMapper();

        String merged = Contract.mergePatch(json.readTree("{\"a\":{\"b\":1,\"c\":2},\"d\":[1,2],\"e\":3}"),
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

        com.fasterxml.jackson.databind.JsonNode merged = Contract.withOwnOperations(snyk, get);

        assertTrue(Contract.routes(merged).contains("GET /orgs/{org_id}/invites/{invite_id}"));
        assertTrue(Contract.routes(merged).contains("DELETE /orgs/{org_id}/invites/{invite_id}"), "Snyk's kept");
        assertEquals(Contract.snykRoutes().size() + 1, Contract.routes(merged).size());
        com.fasterxml.jackson.databind.JsonNode redefined = json.readTree("{\"paths\":{\"/orgs/{org_id}/invites\":"
                + "{\"post\":{\"operationId\":\"mine\"}}}}");
        assertThrows(IllegalStateException.class, () -> Contract.withOwnOperations(snyk, redefined));
    }

    /**
     * This API's membership resource (org-invites-openapi.yml) is Snyk's (snyk-org-memberships-openapi.yml) but for
     * exactly these differences, each a field this API does not have: the org's name and the user's name and username
     * are not required, and the user's id is the token's sub, a string of any form.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"OrgMembershipAttributes", "OrgMembershipRelationships", "OrgMembershipRoleData",
            "OrgMembershipOrgData", "OrgMembershipUserData"})
    void theMembershipResourceIsSnyksButForWhatThisApiHasNot(String schema) throws Exception {
        JsonNode snyk = YAML.readTree(ContractTest.class.getResource("/contract/snyk-org-memberships-openapi.yml"))
                .at("/components/schemas/" + schema);
        JsonNode own = YAML.readTree(ContractTest.class.getResource("/contract/org-invites-openapi.yml"))
                .at("/components/schemas/" + schema);
        Map<String, String> differences = Map.of(
                "OrgMembershipOrgData", "{\"properties\":{\"data\":{\"required\":[\"id\"],"
                        + "\"properties\":{\"attributes\":{\"required\":null}}}}}",
                "OrgMembershipUserData", "{\"properties\":{\"data\":{\"properties\":{\"id\":{\"format\":null,"
                        + "\"description\":\"The user's id, the sub of their token\","
                        + "\"example\":\"auth0|5f7c8ec7c33c6c004bbafe82\"},"
                        + "\"attributes\":{\"required\":[\"email\"]}}}}}");

        JsonNode expected = Contract.mergePatch(snyk.deepCopy(),
                new ObjectMapper().readTree(differences.getOrDefault(schema, "{}")));

        assertEquals(expected, own);
    }

    /**
     * The list takes Snyk's paging and version parameters and its {@code user_id} filter (the same name, place and
     * type, with a description of what this API matches), and none of its sorting and other filtering ones.
     */
    @Test
    void theMembershipListTakesSnyksParametersButItsSortsAndOtherFilters() throws Exception {
        JsonNode snykDocument = YAML.readTree(ContractTest.class.getResource(
                "/contract/snyk-org-memberships-openapi.yml"));
        JsonNode snyk = snykDocument.at("/paths/~1orgs~1{org_id}~1memberships/get/parameters");
        JsonNode own = YAML.readTree(ContractTest.class.getResource("/contract/org-invites-openapi.yml"))
                .at("/paths/~1orgs~1{org_id}~1memberships/get/parameters");

        assertEquals(6, own.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(snyk.get(i), own.get(i));
        }
        JsonNode snykUserId = snykDocument.at("/components/parameters/UserIdFilter");
        assertEquals(snykUserId.path("name"), own.get(5).path("name"));
        assertEquals(snykUserId.path("in"), own.get(5).path("in"));
        assertEquals(snykUserId.at("/schema/type"), own.get(5).at("/schema/type"));
        assertEquals(List.of("sort_by", "sort_order", "#/components/parameters/EmailFilter",
                "#/components/parameters/UserIdFilter", "#/components/parameters/UsernameFilter",
                "#/components/parameters/RoleFilter"), java.util.stream.StreamSupport.stream(snyk.spliterator(), false)
                .skip(5).map(p -> p.has("name") ? p.path("name").asText() : p.path("$ref").asText()).toList());
    }
}
