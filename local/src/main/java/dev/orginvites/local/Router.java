package dev.orginvites.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.SamTemplate;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Matches requests to the template's routes, as API Gateway does, and knows the handler behind each route. */
final class Router {
    /** A handler as the Lambda runtime sees it. */
    interface Handler extends RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    }

    /** A route of the template, ready to match. */
    record Entry(SamTemplate.Route route, Pattern pattern, List<String> parameters, Handler handler) {
    }

    /** What a request matched: the route and its path parameters; or nothing. */
    record Match(Entry entry, Map<String, String> pathParameters) {
        boolean found() {
            return entry != null;
        }
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private final List<Entry> entries = new ArrayList<>();

    Router(List<SamTemplate.Route> routes, Function<SamTemplate.Route, Handler> handlers) {
        for (SamTemplate.Route route : routes) {
            List<String> parameters = new ArrayList<>();
            Matcher m = PARAMETER.matcher(route.path());
            StringBuilder regex = new StringBuilder();
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(route.path().substring(last, m.start()))).append("([^/]+)");
                parameters.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(route.path().substring(last)));
            entries.add(new Entry(route, Pattern.compile(regex.toString()), parameters, handlers.apply(route)));
        }
    }

    List<Entry> entries() {
        return entries;
    }

    /** The route for the method and path, as API Gateway matches them: both must match (HTTP APIs have no 405). */
    Match match(String method, String rawPath) {
        for (Entry entry : entries) {
            Matcher m = entry.pattern().matcher(rawPath);
            if (!m.matches() || !entry.route().method().equals(method)) {
                continue;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < entry.parameters().size(); i++) {
                parameters.put(entry.parameters().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
            }
            return new Match(entry, parameters);
        }
        return new Match(null, Map.of());
    }
}
