package dev.orginvites.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.shared.http.Priming;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function's cold start as Lambda pays it, in a fresh JVM whose classpath is the function's deployable jar:
 * the handler built by its no-argument constructor (Lambda's init, configuration from the environment), then its
 * first request. The event is built in memory (as SnapStart priming builds its own), so the measure is the
 * function's and not a JSON parser's.
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

    /** The request, as {@link Priming} builds its own: the one shape of a representative request in the code. */
    static APIGatewayV2HTTPEvent event(String method, String route, String org, String invite, String body) {
        Map<String, String> pathParameters = new LinkedHashMap<>();
        pathParameters.put("org_id", org);
        if (!"-".equals(invite)) {
            pathParameters.put("invite_id", invite);
        }
        return Priming.request(method, route, pathParameters, "-".equals(body) ? null : body);
    }
}
