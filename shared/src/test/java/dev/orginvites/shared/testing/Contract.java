package dev.orginvites.shared.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Holds every interaction a test produces to Snyk's published spec (the copy in
 * {@code src/test/resources/contract}), with Atlassian's OpenAPI validator:
 *
 * <ul>
 *   <li>every response, success or error, must be one the spec allows for its operation: status, headers, body;</li>
 *   <li>a request that gets a 2xx must be one the spec accepts, so the tests cannot drift from the contract (requests
 *       the spec rejects are what the error tests send on purpose: they must get a 4xx).</li>
 * </ul>
 *
 * The spec is the one Snyk compiles for today's version, so it describes each operation's latest release. Where an
 * older release is served, its shape is checked with the schema the spec keeps for it: create before 2024-06-21
 * shows the role by name, which is the spec's {@code OrgInvitation} (the schema list uses), so its {@code data} is
 * checked as one item of a list response. Two more departures are deliberate and checked all the same: a 409 (one
 * pending invitation per address, this API's addition; the spec lists no 409) must be exactly what the spec
 * requires of its 400, the same error document and headers; and the spec's security schemes are not checked here,
 * as the API Gateway authorizer enforces them before a function runs.
 */
public final class Contract {
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(Contract.class.getResource("/contract/snyk-invites-openapi.yml").toString())
            .withBasePathOverride("/")
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                    .build())
            .build();

    /** The create release from which the role is shown by id (the spec's current shape). */
    private static final String ROLE_BY_ID_FROM = "2024-06-21";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Contract() {
    }

    /** The handler, with every request it answers checked against the contract. */
    public static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> checked(
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        return (event, context) -> {
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, context);
            check(event, response);
            return response;
        };
    }

    /** @throws AssertionError with the validator's messages when the interaction breaks the contract */
    public static void check(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        Request request = request(event);
        int status = response.getStatusCode();
        if (status < 300) {
            ValidationReport requestReport = VALIDATOR.validateRequest(request);
            if (requestReport.hasErrors()) {
                throw new AssertionError("a request the contract rejects got " + status + ": "
                        + requestReport.getMessages() + "\nrequest: " + event.getRouteKey() + " " + event.getRawPath()
                        + "?" + event.getRawQueryString() + " " + event.getBody());
            }
        }
        ValidationReport responseReport = createdWithRoleByName(request, response)
                ? VALIDATOR.validateResponse(request.getPath(), Request.Method.GET, asListItem(response))
                : VALIDATOR.validateResponse(request.getPath(), request.getMethod(),
                        response(response, status == 409 ? 400 : status, response.getBody()));
        if (responseReport.hasErrors()) {
            throw new AssertionError("a response breaks the contract: " + responseReport.getMessages()
                    + "\nrequest: " + event.getRouteKey() + " " + event.getRawPath() + "?" + event.getRawQueryString()
                    + "\nresponse: " + status + " " + response.getHeaders() + " " + response.getBody());
        }
    }

    private static Request request(APIGatewayV2HTTPEvent event) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(
                event.getRequestContext().getHttp().getMethod(), event.getRawPath());
        if (event.getHeaders() != null) {
            // A Content-Type describes a body: without one there is nothing for it to describe or break.
            event.getHeaders().forEach((name, value) -> {
                if (event.getBody() != null || !name.equalsIgnoreCase("content-type")) {
                    request.withHeader(name, value);
                }
            });
        }
        Map<String, String> query = event.getQueryStringParameters();
        if (query != null) {
            query.forEach(request::withQueryParam);
        }
        if (event.getBody() != null) {
            request.withBody(bytes(event));
        }
        return request.build();
    }

    private static boolean createdWithRoleByName(Request request, APIGatewayV2HTTPResponse response) {
        String served = response.getHeaders() == null ? null : response.getHeaders().get("snyk-version-served");
        return request.getMethod() == Request.Method.POST && response.getStatusCode() == 201 && served != null
                && served.compareTo(ROLE_BY_ID_FROM) < 0;
    }

    private static Response asListItem(APIGatewayV2HTTPResponse response) {
        try {
            ObjectNode created = (ObjectNode) JSON.readTree(response.getBody());
            ObjectNode list = JSON.createObjectNode();
            list.set("jsonapi", created.get("jsonapi"));
            list.putArray("data").add(created.get("data"));
            list.set("links", created.get("links"));
            return response(response, 200, JSON.writeValueAsString(list));
        } catch (IOException | ClassCastException e) {
            throw new AssertionError("the 201 body is not a JSON object: " + response.getBody(), e);
        }
    }

    /** The body's bytes; a body flagged base64 that is not (only hostile tests send one) is taken as it is. */
    private static byte[] bytes(APIGatewayV2HTTPEvent event) {
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getMimeDecoder().decode(event.getBody());
            } catch (IllegalArgumentException notBase64) {
                // fall through
            }
        }
        return event.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Response response(APIGatewayV2HTTPResponse response, int status, String body) {
        SimpleResponse.Builder builder = new SimpleResponse.Builder(status);
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(builder::withHeader);
        }
        if (body != null) {
            builder.withBody(body);
        }
        return builder.build();
    }
}
