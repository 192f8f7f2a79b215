package dev.orginvites.devkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * What {@code template.yaml} says that running the functions off AWS needs: the HTTP routes with the handler
 * class behind each, and the DynamoDB table. Reading both from the template keeps the tests and the local API
 * from drifting away from what deploys.
 */
public final class SamTemplate {
    /** System property naming the template (the build sets it for tests). */
    public static final String PROPERTY = "orginvites.template";

    private final Path path;
    private final JsonNode resources;
    private final JsonNode globals;
    private final JsonNode parameters;

    private SamTemplate(Path path, JsonNode template) {
        this.path = path;
        this.resources = template.path("Resources");
        this.globals = template.path("Globals");
        this.parameters = template.path("Parameters");
    }

    public static SamTemplate load(Path path) {
        try {
            return new SamTemplate(path, new YAMLMapper().readTree(path.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The template named by {@link #PROPERTY}, else {@code template.yaml} in this directory or one above it. */
    public static SamTemplate locate() {
        String given = System.getProperty(PROPERTY);
        if (given != null) {
            return load(Paths.get(given));
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return load(candidate);
            }
        }
        throw new IllegalStateException("template.yaml not found here or above; run from the repository");
    }

    public Path path() {
        return path;
    }

    /** One HTTP API route and the function behind it. */
    public static final class Route {
        private final String method;
        private final String path;
        private final String functionId;
        private final String codeUri;
        private final String handlerClass;
        private final Duration timeout;

        public Route(String method, String path, String functionId, String codeUri, String handlerClass,
                Duration timeout) {
            this.method = method;
            this.path = path;
            this.functionId = functionId;
            this.codeUri = codeUri;
            this.handlerClass = handlerClass;
            this.timeout = timeout;
        }

        /** The function's {@code Timeout} (or the template's global one; SAM's default, 3 s, without either). */
        public Duration timeout() {
            return timeout;
        }

        public String method() {
            return method;
        }

        /** The route's path pattern, e.g. {@code /orgs/{org_id}/invites}. */
        public String path() {
            return path;
        }

        /** The API Gateway route key, e.g. {@code GET /orgs/{org_id}/invites}. */
        public String routeKey() {
            return method + " " + path;
        }

        public String functionId() {
            return functionId;
        }

        /** The function's code folder, relative to the template. */
        public String codeUri() {
            return codeUri;
        }

        /** The handler's class name (the part of {@code Handler} before {@code ::}). */
        public String handlerClass() {
            return handlerClass;
        }
    }

    /** Every HttpApi event of every function, in template order. */
    public List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        forEachEvent("HttpApi", (functionId, function, event) -> routes.add(new Route(
                event.at("/Properties/Method").asText().toUpperCase(java.util.Locale.ROOT),
                event.at("/Properties/Path").asText(), functionId, function.path("CodeUri").asText(),
                handlerClass(function), timeout(function))));
        return routes;
    }

    /** The handler classes the HttpApi routes name, each once, in template order: every API operation's. */
    public List<String> routeHandlerClasses() {
        List<String> classes = new ArrayList<>();
        for (Route route : routes()) {
            if (!classes.contains(route.handlerClass())) {
                classes.add(route.handlerClass());
            }
        }
        return classes;
    }

    /**
     * A function of the template, whatever invokes it.
     *
     * @param codeUri its code folder, relative to the template, e.g. {@code functions/create-invite}
     * @param handlerClass the part of its {@code Handler} before {@code ::}
     */
    public record LambdaFunction(String id, String codeUri, String handlerClass) {
        /** The last segment of its code folder, e.g. {@code create-invite}: its Maven module's and jar's name. */
        public String name() {
            return codeUri.substring(codeUri.lastIndexOf('/') + 1);
        }
    }

    /** Every function, in template order: the API's operations and the mailer. */
    public List<LambdaFunction> functions() {
        List<LambdaFunction> functions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if ("AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                JsonNode properties = resource.getValue().path("Properties");
                functions.add(new LambdaFunction(resource.getKey(), properties.path("CodeUri").asText(),
                        handlerClass(properties)));
            }
        }
        return functions;
    }

    /** Something done with one event of a function: its id, its properties and the event. */
    private interface EventVisitor {
        void visit(String functionId, JsonNode functionProperties, JsonNode event);
    }

    /** Visits every event of type {@code type} of every function, in template order. */
    private void forEachEvent(String type, EventVisitor visitor) {
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode properties = resource.getValue().path("Properties");
            for (JsonNode event : properties.path("Events")) {
                if (type.equals(event.path("Type").asText())) {
                    visitor.visit(resource.getKey(), properties, event);
                }
            }
        }
    }

    /**
     * A function the template subscribes to the table's stream: its handler class and the event source mapping's
     * properties as the template writes them ({@code BatchSize}, {@code StartingPosition}, {@code FilterCriteria},
     * {@code FunctionResponseTypes}, {@code MaximumRetryAttempts}...); {@code timeout} is the function's
     * {@code Timeout} (or the template's global one; SAM's default, 3 s, without either).
     */
    public record StreamSubscription(String functionId, String handlerClass, Duration timeout, JsonNode properties) {
    }

    /** Every DynamoDB (stream) event of every function, in template order. */
    public List<StreamSubscription> streamSubscriptions() {
        List<StreamSubscription> subscriptions = new ArrayList<>();
        forEachEvent("DynamoDB", (functionId, function, event) -> {
            subscriptions.add(new StreamSubscription(functionId, handlerClass(function), timeout(function),
                    event.path("Properties")));
        });
        return subscriptions;
    }

    /**
     * A function the template feeds from an SQS queue (an {@code SQS} event), with the event's properties.
     *
     * @param queueId the logical id of the queue its {@code Queue} names ({@code Fn::GetAtt: [Id, Arn]})
     */
    public record QueueSubscription(String functionId, String handlerClass, Duration timeout, String queueId,
            JsonNode properties) {
    }

    public List<QueueSubscription> queueSubscriptions() {
        List<QueueSubscription> subscriptions = new ArrayList<>();
        forEachEvent("SQS", (functionId, function, event) -> subscriptions.add(new QueueSubscription(functionId,
                handlerClass(function), timeout(function), arnOf(event.at("/Properties/Queue")),
                event.path("Properties"))));
        return subscriptions;
    }

    /** A resource's properties, by logical id. */
    public JsonNode properties(String logicalId) {
        JsonNode resource = resources.path(logicalId);
        if (resource.isMissingNode()) {
            throw new IllegalStateException(path + " defines no resource " + logicalId);
        }
        return resource.path("Properties");
    }

    /** The properties of every resource of a type, in template order. */
    public List<JsonNode> propertiesOfType(String type) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode resource : resources) {
            if (type.equals(resource.path("Type").asText())) {
                found.add(resource.path("Properties"));
            }
        }
        return found;
    }

    /** The event patterns of the EventBridge rules with a target whose {@code Arn} is the resource's. */
    public List<JsonNode> rulePatternsTargeting(String logicalId) {
        List<JsonNode> patterns = new ArrayList<>();
        for (JsonNode resource : resources) {
            if ("AWS::Events::Rule".equals(resource.path("Type").asText())) {
                for (JsonNode target : resource.at("/Properties/Targets")) {
                    if (logicalId.equals(arnOf(target.path("Arn")))) {
                        patterns.add(resource.at("/Properties/EventPattern"));
                    }
                }
            }
        }
        return patterns;
    }

    /** The logical id in {@code Fn::GetAtt: [Id, Arn]}, or null for anything else. */
    private static String arnOf(JsonNode value) {
        JsonNode getAtt = value.path("Fn::GetAtt");
        return getAtt.size() == 2 && "Arn".equals(getAtt.get(1).asText()) ? getAtt.get(0).asText() : null;
    }

    private Duration timeout(JsonNode function) {
        JsonNode timeout = function.has("Timeout") ? function.path("Timeout") : globals.at("/Function/Timeout");
        return Duration.ofSeconds(timeout.asLong(3));
    }

    /** A function's handler class: the part of {@code Handler} before {@code ::}. */
    private static String handlerClass(JsonNode functionProperties) {
        String handler = functionProperties.path("Handler").asText();
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** The properties of the template's one HTTP API. */
    public JsonNode api() {
        for (JsonNode resource : resources) {
            if ("AWS::Serverless::HttpApi".equals(resource.path("Type").asText())) {
                return resource.path("Properties");
            }
        }
        throw new IllegalStateException(path + " defines no AWS::Serverless::HttpApi");
    }

    /**
     * A property's value as a stack deployed with the parameters' defaults has it: a {@code Ref} to a parameter is that
     * parameter's {@code Default} (a missing node when it has none); anything else is itself.
     */
    public JsonNode resolve(JsonNode value) {
        if (value.isObject() && value.size() == 1 && value.path("Ref").isTextual()
                && parameters.has(value.path("Ref").asText())) {
            return parameters.path(value.path("Ref").asText()).path("Default");
        }
        return value;
    }

    /** The properties of the template's one DynamoDB table. */
    public JsonNode table() {
        for (JsonNode resource : resources) {
            if ("AWS::DynamoDB::Table".equals(resource.path("Type").asText())) {
                return resource.path("Properties");
            }
        }
        throw new IllegalStateException(path + " defines no AWS::DynamoDB::Table");
    }

    /** What of the template table's settings a table made from it gets besides its keys and billing mode. */
    public enum TableFeature {
        /** The TTL setting (dynalite has no UpdateTimeToLive). */
        TTL,
        /**
         * The stream. Only for tables whose stream is read: moto keeps every stream record of a table for good and
         * copies them all, with the items, at the start of each transaction, so a streaming table's writes grow
         * slower with every write before them.
         */
        STREAM
    }

    /** Creates a table named {@code name} as the template defines it: keys, billing mode, TTL and stream. */
    public void createTable(DynamoDbClient client, String name) {
        createTable(client, name, EnumSet.allOf(TableFeature.class));
    }

    /** Creates a table named {@code name} with the template table's keys and billing mode, and {@code features}. */
    public void createTable(DynamoDbClient client, String name, Set<TableFeature> features) {
        JsonNode table = table();
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (JsonNode attribute : table.path("AttributeDefinitions")) {
            attributes.add(AttributeDefinition.builder().attributeName(attribute.path("AttributeName").asText())
                    .attributeType(attribute.path("AttributeType").asText()).build());
        }
        List<KeySchemaElement> keys = new ArrayList<>();
        for (JsonNode key : table.path("KeySchema")) {
            keys.add(KeySchemaElement.builder().attributeName(key.path("AttributeName").asText())
                    .keyType(key.path("KeyType").asText()).build());
        }
        JsonNode stream = table.path("StreamSpecification").path("StreamViewType");
        client.createTable(t -> {
            t.tableName(name)
                    .billingMode(BillingMode.fromValue(table.path("BillingMode").asText("PAY_PER_REQUEST")))
                    .attributeDefinitions(attributes)
                    .keySchema(keys);
            if (features.contains(TableFeature.STREAM) && stream.isTextual()) {
                t.streamSpecification(s -> s.streamEnabled(true).streamViewType(stream.asText()));
            }
        });
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client)
                .overrideConfiguration(o -> o.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)))
                        .maxAttempts(600))
                .build()) {
            waiter.waitUntilTableExists(r -> r.tableName(name));
        }
        JsonNode timeToLive = table.path("TimeToLiveSpecification");
        if (features.contains(TableFeature.TTL) && timeToLive.path("Enabled").asBoolean(false)) {
            client.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(
                    s -> s.attributeName(timeToLive.path("AttributeName").asText()).enabled(true)));
        }
    }
}
