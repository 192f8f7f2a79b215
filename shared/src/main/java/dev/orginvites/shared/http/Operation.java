package dev.orginvites.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.token.TokenKeys;
import dev.orginvites.shared.version.ReleaseTable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the API, declared once, in its handler class: what the pipeline checks (route, permissions, query
 * parameters, releases, whether it takes a body), the handler that does the work, and what SnapStart priming sends.
 * template.yaml names each function's handler class; the local API, the template check and the system tests read the
 * declarations of those classes ({@link #declaredBy}), and nothing else lists the operations.
 *
 * <p>An operation is under an org when its route has an {@code {org_id}} path parameter: the pipeline then shows the
 * org only to a caller whose token is scoped to it and checks the permissions the token grants there. An operation
 * whose route names no org (accepting an invitation: the caller is not yet a member of any) has neither check, and
 * so can require no permission: permissions are granted in an org.
 *
 * @param routeKey the API Gateway route key, e.g. {@code POST /orgs/{org_id}/invites}; every path parameter in it is
 *     a UUID
 * @param releases the operation's release table, with what each release does differently
 * @param permissions the permissions a caller needs in the route's org, all of them
 * @param queryParameters the query parameters accepted besides {@code version}
 * @param takesBody whether a request carries a document; a body sent to an operation that takes none is refused
 * @param handlerClass the class template.yaml names as the function's handler
 * @param handlers builds the handler off Lambda, on what it is given (the tests and the local API do)
 * @param priming what SnapStart priming sends, each with the status it must answer
 */
public record Operation(String routeKey, ReleaseTable<?> releases, List<String> permissions,
        Set<String> queryParameters, boolean takesBody, Class<? extends OperationHandler> handlerClass,
        Handlers handlers, List<PrimingRequest> priming) {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    public Operation {
        permissions = List.copyOf(permissions);
        queryParameters = Set.copyOf(queryParameters);
        priming = List.copyOf(priming);
        if (!permissions.isEmpty() && !underOrg(routeKey)) {
            throw new IllegalArgumentException(routeKey + " names no org, so it can require no permission");
        }
    }

    /**
     * What a handler is built on off Lambda: it takes the ports it uses from {@code store}.
     *
     * @param tokenKeys the keys accept tokens are derived with, for the operations that check tokens
     */
    public record Services(Store store, TokenKeys tokenKeys, Clock clock, RequestLog log) {
    }

    /** Builds an operation's handler off Lambda, on the services given. */
    public interface Handlers {
        OperationHandler create(Services services);
    }

    /**
     * A request SnapStart priming sends, and the status it answers when priming works as intended. Its event is built
     * when priming runs, before the snapshot, so a function started without SnapStart never builds it.
     *
     * @param permissions what the caller's token grants: the operation's permissions
     * @param version the release requested: the operation's newest
     */
    public record PrimingRequest(String routeKey, Map<String, String> pathParameters, String body, int status,
            List<String> permissions, String version) {
        public APIGatewayV2HTTPEvent event() {
            return Priming.request(method(routeKey), path(routeKey), pathParameters, body, permissions, version);
        }
    }

    public static Builder route(String routeKey) {
        return new Builder(routeKey);
    }

    /** The HTTP method, e.g. {@code GET}. */
    public String method() {
        return method(routeKey);
    }

    /** The path template, e.g. {@code /orgs/{org_id}/invites}. */
    public String path() {
        return path(routeKey);
    }

    private static String method(String routeKey) {
        return routeKey.substring(0, routeKey.indexOf(' '));
    }

    private static String path(String routeKey) {
        return routeKey.substring(routeKey.indexOf(' ') + 1);
    }

    /** Whether the route is under an org ({@code {org_id}}): see the class comment. */
    public boolean underOrg() {
        return underOrg(routeKey);
    }

    private static boolean underOrg(String routeKey) {
        return routeKey.contains("{" + RequestPipeline.ORG_ID + "}");
    }

    /** The path parameters, in order; each must be a UUID. */
    public List<String> idParameters() {
        List<String> names = new ArrayList<>();
        Matcher m = PATH_PARAMETER.matcher(routeKey);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The priming requests' events, in order. */
    public List<APIGatewayV2HTTPEvent> primingEvents() {
        // A loop, not a stream: a stream's toList loads some twenty classes, on every cold start.
        List<APIGatewayV2HTTPEvent> events = new ArrayList<>(priming.size());
        for (PrimingRequest request : priming) {
            events.add(request.event());
        }
        return events;
    }

    /**
     * Every permission some of these operations needs, each once, sorted: what a caller with every permission holds.
     * Permissions are declared only by the operations that need them, so this is the one list of them there is.
     */
    public static List<String> permissionsOf(Iterable<Operation> operations) {
        Set<String> permissions = new TreeSet<>();
        for (Operation operation : operations) {
            permissions.addAll(operation.permissions());
        }
        return List.copyOf(permissions);
    }

    /**
     * The operations these handler classes declare (their {@code OPERATION}), sorted by route key: template.yaml names
     * every function's handler class, so the local API and the tests pass its names and nothing else lists the
     * operations. Off Lambda only: it reads the field by reflection, which no function's cold path does.
     *
     * @throws IllegalStateException when a class declares no operation, or two declare one route
     */
    public static List<Operation> declaredBy(Iterable<String> handlerClasses) {
        Map<String, Operation> byRoute = new TreeMap<>();
        for (String name : handlerClasses) {
            Operation operation = declaredBy(name);
            if (!operation.handlerClass().getName().equals(name)) {
                throw new IllegalStateException(name + "'s OPERATION names " + operation.handlerClass().getName());
            }
            Operation other = byRoute.put(operation.routeKey(), operation);
            if (other != null && other != operation) {
                throw new IllegalStateException(operation.routeKey() + " is declared by both "
                        + other.handlerClass().getName() + " and " + name);
            }
        }
        return new ArrayList<>(byRoute.values());
    }

    private static Operation declaredBy(String handlerClass) {
        Class<?> handler;
        try {
            handler = Class.forName(handlerClass, true, Operation.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(handlerClass + " is not on the class path: is its module in "
                    + "functions/pom.xml?", e);
        }
        Object declared;
        try {
            Field field = handler.getField("OPERATION");
            declared = Modifier.isStatic(field.getModifiers()) ? field.get(null) : null;
        } catch (ReflectiveOperationException e) {
            declared = null;
        }
        if (!(declared instanceof Operation operation)) {
            throw new IllegalStateException(handlerClass + " declares no public static final Operation OPERATION");
        }
        return operation;
    }

    /** Declares an operation; what is not said is: no permission, no query parameter, no body, no priming. */
    public static final class Builder {
        private final String routeKey;
        private ReleaseTable<?> releases;
        private List<String> permissions = List.of();
        private Set<String> queryParameters = Set.of();
        private boolean takesBody;
        private final List<PrimingRequest> priming = new ArrayList<>();

        private Builder(String routeKey) {
            if (!routeKey.matches("(GET|POST|PUT|PATCH|DELETE) /\\S*")) {
                throw new IllegalArgumentException("not a route key: " + routeKey);
            }
            this.routeKey = routeKey;
        }

        public Builder releases(ReleaseTable<?> releases) {
            this.releases = releases;
            return this;
        }

        public Builder permissions(String... permissions) {
            this.permissions = List.of(permissions);
            return this;
        }

        public Builder queryParameters(String... names) {
            this.queryParameters = Set.of(names);
            return this;
        }

        public Builder takesBody() {
            this.takesBody = true;
            return this;
        }

        /**
         * A request priming sends to this route: in {@link Priming#ORG} (where the route is under an org), with the
         * other path parameters given, and {@code body} (or null); {@code status} is what it answers.
         */
        public Builder priming(Map<String, String> pathParameters, String body, int status) {
            Map<String, String> parameters = new TreeMap<>(pathParameters);
            if (underOrg(routeKey)) {
                parameters.put(RequestPipeline.ORG_ID, Priming.ORG);
            }
            priming.add(new PrimingRequest(routeKey, parameters, body, status, List.of(), null));
            return this;
        }

        /**
         * The class template.yaml names as the function's handler, and how to build it off Lambda: every handler is
         * built on the ports and services it takes from {@link Services}, so a new one needs no new factory type.
         */
        public <H extends OperationHandler> Operation handledBy(Class<H> handlerClass, Handlers handlers) {
            if (releases == null) {
                throw new IllegalStateException(routeKey + " has no releases");
            }
            // The priming requests' caller holds the operation's permissions and asks for its newest release, known
            // only once it is all declared.
            String newest = releases.latest().toString();
            List<PrimingRequest> primed = new ArrayList<>(priming.size());
            for (PrimingRequest request : priming) {
                primed.add(new PrimingRequest(routeKey, request.pathParameters(), request.body(), request.status(),
                        permissions, newest));
            }
            return new Operation(routeKey, releases, permissions, queryParameters, takesBody, handlerClass, handlers,
                    primed);
        }
    }
}
