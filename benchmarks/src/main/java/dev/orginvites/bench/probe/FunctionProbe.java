package dev.orginvites.bench.probe;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.shared.http.Priming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's cold start as Lambda pays it, in a fresh JVM whose classpath is the function's deployable jar:
 * the handler built by its no-argument constructor (Lambda's init, configuration from the environment), then its
 * first request. The event is built in memory (as SnapStart priming builds its own), so the measure is the
 * function's and not a JSON parser's.
 *
 * <p>Arguments: handler class, method, route path, path parameters ({@code name=value&name=value}, or -), request
 * body (or -), the caller's permissions (separated by spaces, or -), the release requested.
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
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(args[1], args[2], args[3], args[4], args[5],
                args[6]), null);
        long done = Report.micros();
        Report.print(main, ready, done, response.getStatusCode());
    }

    /** Path parameters as an argument: {@code name=value&name=value}, or - for none. */
    public static String parameters(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            out.append(out.length() == 0 ? "" : "&").append(parameter.getKey()).append('=').append(parameter.getValue());
        }
        return out.length() == 0 ? "-" : out.toString();
    }

    /** The request, as {@link Priming} builds its own: the one shape of a representative request in the code. */
    static APIGatewayV2HTTPEvent event(String method, String route, String parameters, String body,
            String permissions, String version) {
        // Read with indexOf, not split: split's result loads a class a function itself may not, into the count.
        Map<String, String> pathParameters = new LinkedHashMap<>();
        for (String parameter : items(parameters, '&')) {
            int equals = parameter.indexOf('=');
            pathParameters.put(parameter.substring(0, equals), parameter.substring(equals + 1));
        }
        return Priming.request(method, route, pathParameters, "-".equals(body) ? null : body, items(permissions, ' '),
                version);
    }

    /** The items of an argument separated by {@code separator}; - is none. */
    private static List<String> items(String argument, char separator) {
        List<String> items = new ArrayList<>();
        if ("-".equals(argument)) {
            return items;
        }
        int from = 0;
        for (int at = argument.indexOf(separator); at >= 0; from = at + 1, at = argument.indexOf(separator, from)) {
            items.add(argument.substring(from, at));
        }
        items.add(argument.substring(from));
        return items;
    }
}
