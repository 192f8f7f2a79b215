package dev.orginvites.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function's cold start as Lambda pays it, in a fresh JVM whose classpath is the function's deployable jar:
 * the handler built by its no-argument constructor (Lambda's init, configuration from the environment), then its
 * first request. The event is built in memory, so the measure is the function's and not a JSON parser's.
 *
 * <p>Arguments: handler class, method, route path, org id, invite id (or -), request body (or -).
 */
public final class FunctionProbe {
    private FunctionProbe() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long main = Report.micros();
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(args[0])
                        .getConstructor().newInstance();
        long ready = Report.micros();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(args[1], args[2], args[3], args[4], args[5]),
                null);
        long done = Report.micros();
        Report.print(main, ready, done, response.getStatusCode());
    }

    static APIGatewayV2HTTPEvent event(String method, String route, String org, String invite, String body) {
        Map<String, String> pathParameters = new LinkedHashMap<>();
        pathParameters.put("org_id", org);
        String path = route.replace("{org_id}", org);
        if (!"-".equals(invite)) {
            pathParameters.put("invite_id", invite);
            path = path.replace("{invite_id}", invite);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/vnd.api+json");
        headers.put("content-type", "application/vnd.api+json");
        headers.put("host", "abc123.execute-api.us-east-1.amazonaws.com");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + route)
                .withRawPath(path)
                .withRawQueryString("version=2024-10-15")
                .withQueryStringParameters(Map.of("version", "2024-10-15"))
                .withPathParameters(pathParameters)
                .withHeaders(headers)
                .withBody("-".equals(body) ? null : body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(method + " " + route)
                        .withStage("$default")
                        .withRequestId("cold-start")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .withProtocol("HTTP/1.1").withSourceIp("203.0.113.10").build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", "bench", "org_id", org,
                                                "permissions", "[org.read org.user.read org.user.invite]"))
                                        .build())
                                .build())
                        .build())
                .build();
    }
}
