package dev.orginvites.shared.http;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import dev.orginvites.shared.jsonapi.InvitationDocuments;
import dev.orginvites.shared.jsonapi.InvitationDocuments.RoleForm;
import dev.orginvites.shared.store.Invite;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming. Before Lambda snapshots an initialized function, this runs the function's real request path
 * (the event deserialized by the Lambda runtime's own serializer where the runtime has it, the pipeline, the version
 * rules, the store's DynamoDB call, and the rendering of invitations and pages), so the snapshot holds loaded and warmed classes and an open
 * DynamoDB connection, and the first request after a restore does not pay for them.
 *
 * <p>The priming requests are made for an org that does not exist: they read, find nothing and answer 4xx or an
 * empty page, so priming never writes. They go through a second handler on the same store whose request log is
 * discarded, so they do not show up as traffic.
 *
 * <p>Nothing random is drawn before the snapshot: every restored copy of a snapshot would draw the same numbers.
 * Priming names its org and request ids, never creates an invite (so the UUIDv7 generator is first built after the
 * restore), and so leaves the JDK's and the generator's random sources to be seeded in each restored environment.
 */
public final class Priming implements Resource {
    /**
     * The org priming requests are made for: a synthetic id no real org has. It is a constant, not a random UUID, so
     * that priming leaves the JDK's random UUID source untouched until after the snapshot is restored (see below).
     */
    public static final String ORG = "00000000-0000-4000-8000-00000000f00d";
    /**
     * The invite priming requests name where a route takes one: none exists, so nothing is changed (404). It is the
     * last UUIDv7 there can be, above any expiry floor, so a store reads it rather than refusing it unread.
     */
    public static final String ABSENT_INVITE = "ffffffff-ffff-7fff-bfff-ffffffffffff";
    /**
     * The membership priming requests name where a route takes one: the last UUIDv7 there can be, which no membership
     * has, so nothing is changed.
     */
    public static final String ABSENT_MEMBERSHIP = "ffffffff-ffff-7fff-bfff-ffffffffffff";
    /** Priming requests name their request id, so the pipeline does not draw a random one before the snapshot. */
    private static final String REQUEST_ID = "00000000-0000-4000-8000-000000000001";
    private static final String RUNTIME_SERIALIZERS =
            "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";

    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
    private final Operation operation;

    /** @param operation what the handler serves: priming sends its priming requests */
    public Priming(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, Operation operation) {
        this.handler = handler;
        this.operation = operation;
    }

    /**
     * Registers priming to run before SnapStart's snapshot. The caller must keep the returned object: CRaC holds its
     * resources weakly.
     */
    public static Priming register(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
            Operation operation) {
        Priming priming = new Priming(handler, operation);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to do: the SDK replaces connections that did not survive the snapshot
    }

    /** Runs each priming request through the handler; returns the statuses, in order. */
    public int[] prime() {
        warmRuntimeDeserializer();
        Invite sample = new Invite(ORG, ORG, "priming@example.com", ORG, "Priming");
        InvitationDocuments.invitation(sample, RoleForm.ID, "/orgs/" + ORG + "/invites/" + ORG);
        InvitationDocuments.invitations(List.of(sample), RoleForm.NAME, Map.of("self", "/orgs/" + ORG + "/invites"));
        List<APIGatewayV2HTTPEvent> requests = operation.primingEvents();
        int[] statuses = new int[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            statuses[i] = handler.handleRequest(requests.get(i), null).getStatusCode();
        }
        return statuses;
    }

    /**
     * The Lambda runtime deserializes each event with its own serializer, which loads its classes on first use. It is
     * on the classpath in Lambda (not in tests or in the function's jar), so it is found by name.
     */
    private static void warmRuntimeDeserializer() {
        try {
            Class<?> serializers = Class.forName(RUNTIME_SERIALIZERS);
            Method serializerFor = serializers.getMethod("serializerFor", Class.class, ClassLoader.class);
            Object serializer = serializerFor.invoke(null, APIGatewayV2HTTPEvent.class, Priming.class.getClassLoader());
            Method fromJson = serializer.getClass().getMethod("fromJson", java.io.InputStream.class);
            fromJson.setAccessible(true);
            fromJson.invoke(serializer, new ByteArrayInputStream(REPRESENTATIVE_EVENT.getBytes(StandardCharsets.UTF_8)));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException absent) {
            // not running in Lambda: nothing to warm
        }
    }

    /**
     * A representative request as API Gateway sends it, for release {@code version} (the operation's newest), by a
     * caller with {@code permissions} (the operation's: what it declares is all it checks) whose token is scoped to the
     * path's org (the priming requests use {@link #ORG}; the cold-start benchmark, an org it has seeded), or to
     * {@link #ORG} for a route under no org.
     */
    public static APIGatewayV2HTTPEvent request(String method, String routePath, Map<String, String> pathParameters,
            String body, List<String> permissions, String version) {
        String path = routePath;
        for (Map.Entry<String, String> parameter : pathParameters.entrySet()) {
            path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        // as API Gateway flattens an array claim: [a b c]
        StringBuilder granted = new StringBuilder("[");
        for (String permission : permissions) {
            granted.append(granted.length() == 1 ? "" : " ").append(permission);
        }
        granted.append(']');
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + routePath)
                .withRawPath(path)
                .withRawQueryString("version=" + version)
                .withQueryStringParameters(Map.of("version", version))
                .withPathParameters(pathParameters)
                .withHeaders(Map.of("content-type", "application/vnd.api+json", "accept", "application/vnd.api+json",
                        RequestPipeline.REQUEST_ID, REQUEST_ID))
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(method + " " + routePath)
                        .withRequestId("priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", "snapstart-priming",
                                                "org_id", pathParameters.getOrDefault(RequestPipeline.ORG_ID, ORG),
                                                "permissions", granted.toString()))
                                        .build())
                                .build())
                        .build())
                .build();
    }

    /**
     * The event the runtime's deserializer is warmed with. One fixed event serves every function: the deserializer
     * loads the classes of the event type, whatever the route, and the object it reads is dropped, never handled (the
     * function's own route is primed by its priming requests). A constant, so it costs no work on the cold path.
     */
    private static final String REPRESENTATIVE_EVENT = "{\"version\":\"2.0\",\"routeKey\":\"GET /orgs/{org_id}/invites\","
            + "\"rawPath\":\"/orgs/" + ORG + "/invites\",\"rawQueryString\":\"version=2024-10-15\","
            + "\"headers\":{\"accept\":\"application/vnd.api+json\"},\"queryStringParameters\":{\"version\":\"2024-10-15\"},"
            + "\"requestContext\":{\"accountId\":\"123456789012\",\"apiId\":\"priming\",\"authorizer\":{\"jwt\":{\"claims\":"
            + "{\"sub\":\"snapstart-priming\",\"org_id\":\"" + ORG + "\",\"permissions\":\"[org.read]\"},\"scopes\":null}},"
            + "\"http\":{\"method\":\"GET\",\"path\":\"/orgs/" + ORG + "/invites\",\"protocol\":\"HTTP/1.1\","
            + "\"sourceIp\":\"203.0.113.10\",\"userAgent\":\"priming\"},\"requestId\":\"priming\",\"routeKey\":"
            + "\"GET /orgs/{org_id}/invites\",\"stage\":\"$default\",\"time\":\"30/Nov/2026:00:00:00 +0000\","
            + "\"timeEpoch\":1796000000000},\"pathParameters\":{\"org_id\":\"" + ORG + "\"},\"isBase64Encoded\":false}";
}
