package dev.orginvites.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.orginvites.devkit.HttpApiEvents;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The base path links start with: the stage the request came in on, as API Gateway names it in the event. */
class ApiRequestTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$default | ''",
            "rest | /rest",
            "v1_api-2 | /v1_api-2",
            // Not names API Gateway gives a stage: nothing a link could be led astray by.
            "a/b | ''",
            "rest? | ''",
            "'' | ''"})
    void theBasePathIsTheNamedStage(String stage, String basePath) {
        APIGatewayV2HTTPEvent event = HttpApiEvents.request("GET", "/orgs/{org_id}/invites").stage(stage)
                .rawPath("/x").build();
        assertEquals(basePath, new ApiRequest(event).basePath());
    }

    @Test
    void anEventWithoutARequestContextIsServedAtTheRoot() {
        assertEquals("", new ApiRequest(new APIGatewayV2HTTPEvent()).basePath());
    }

    @Test
    void aNamedStageIsFirstInTheRawPathAndLeavesTheRouteKeyAndPathParametersAsTheyAre() {
        APIGatewayV2HTTPEvent event = HttpApiEvents.request("GET", "/orgs/{org_id}/invites").stage("rest")
                .path("org_id", "o").build();
        assertEquals("/rest/orgs/o/invites", event.getRawPath());
        assertEquals("/rest/orgs/o/invites", event.getRequestContext().getHttp().getPath());
        assertEquals("GET /orgs/{org_id}/invites", event.getRouteKey());
        assertEquals("o", event.getPathParameters().get("org_id"));
    }
}
