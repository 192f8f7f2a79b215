package dev.orginvites.shared.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.HttpApiEvents;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract check itself: it passes what the spec allows and fails what it does not. */
class ContractTest {
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
}
