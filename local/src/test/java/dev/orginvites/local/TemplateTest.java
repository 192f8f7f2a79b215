package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.DeployedOperations;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.InMemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** template.yaml deploys what the code and the contract say: the declared operations, on exactly the contract's routes. */
class TemplateTest {
    private static final SamTemplate TEMPLATE = SamTemplate.locate();
    private static final Path ROOT = TEMPLATE.path().getParent();

    @Test
    void everyHandlerIsARequestHandlerInItsOwnFunctionModule() throws Exception {
        for (SamTemplate.Route route : TEMPLATE.routes()) {
            Path module = ROOT.resolve(route.codeUri());
            Path source = module.resolve("src/main/java/" + route.handlerClass().replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), route.functionId() + ": " + source + " does not exist");
            assertTrue(Files.isRegularFile(module.resolve("Makefile")), module + " has no Makefile for sam build");
            Class<?> handler = Class.forName(route.handlerClass());
            assertTrue(RequestHandler.class.isAssignableFrom(handler), handler + " is not a RequestHandler");
            assertTrue(handler.getConstructor() != null, handler + " needs the no-argument constructor Lambda calls");
        }
    }

    /**
     * The operations are declared once, in their handlers: template.yaml deploys exactly the declared routes, each to
     * the class that declares it; each is an operation of Snyk's spec or of this API's own overlay, never both; and
     * every operation the two describe is deployed.
     */
    @Test
    void theRoutesAreExactlyTheDeclaredOperationsAndTheContractsOperations() {
        Map<String, String> deployed = new TreeMap<>();
        TEMPLATE.routes().forEach(route -> deployed.put(route.routeKey(), route.handlerClass()));
        Map<String, String> declared = new TreeMap<>();
        DeployedOperations.all().forEach(operation -> declared.put(operation.routeKey(),
                operation.handlerClass().getName()));
        Set<String> snyk = Contract.snykRoutes();
        Set<String> own = Contract.ownRoutes();

        assertEquals(declared, deployed, "template.yaml's routes and handlers, against the declarations");
        for (String route : declared.keySet()) {
            assertTrue(snyk.contains(route) ^ own.contains(route),
                    route + " must be an operation of Snyk's spec or of org-invites-openapi.yml, and of one only");
        }
        Set<String> described = new TreeSet<>(snyk);
        described.addAll(own);
        assertEquals(described, declared.keySet(), "operations the contract describes that are not deployed");
    }

    /** Each operation serves exactly the releases its contract lists (x-snyk-api-releases), experimental ones too. */
    @Test
    void eachOperationServesTheReleasesItsContractLists() {
        for (Operation operation : DeployedOperations.all()) {
            assertEquals(Contract.releasesOfRoute(operation.routeKey()), operation.releases().releases().stream()
                    .map(Object::toString).toList(), operation.routeKey());
        }
    }

    /** A declaration builds its own handler, and primes the route it declares. */
    @Test
    void eachDeclarationBuildsItsHandlerAndPrimesItsOwnRoute() {
        for (Operation operation : DeployedOperations.all()) {
            assertEquals(operation.handlerClass(),
                    operation.handlers().create(new Operation.Services(new InMemoryStore(Fixture.TTL), null, Clock.systemUTC(),
                            RequestLog.discard())).getClass());
            assertFalse(operation.priming().isEmpty(), operation.routeKey() + " has nothing to prime with");
            for (Operation.PrimingRequest priming : operation.priming()) {
                assertEquals(operation.routeKey(), priming.event().getRouteKey());
            }
        }
    }

    /**
     * The template names the handler classes and each class declares its route: a route whose class declares another
     * route, or a class that declares nothing, is refused before anything is served.
     */
    @Test
    void aRouteToAClassThatDeclaresAnotherRouteOrNoneIsRefused() {
        List<Operation> operations = DeployedOperations.all();
        Operation.Services services = new Operation.Services(new InMemoryStore(Fixture.TTL), null, Clock.systemUTC(),
                RequestLog.discard());
        SamTemplate.Route route = TEMPLATE.routes().get(0);
        Operation other = operations.stream().filter(o -> !o.routeKey().equals(route.routeKey())).findFirst()
                .orElseThrow();
        SamTemplate.Route misrouted = new SamTemplate.Route(route.method(), route.path(), route.functionId(),
                route.codeUri(), other.handlerClass().getName(), route.timeout());

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> LocalApi.handler(misrouted, operations, services));
        assertTrue(refused.getMessage().contains("declares " + other.routeKey()), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> Operation.declaredBy(List.of(String.class.getName())),
                "a class with no OPERATION declares nothing");
    }

    @Test
    void theTableIsWhatTheStoreNeeds() {
        JsonNode table = TEMPLATE.table();
        assertEquals("expires_at", table.at("/TimeToLiveSpecification/AttributeName").asText());
        assertEquals("PAY_PER_REQUEST", table.path("BillingMode").asText());
        assertEquals("pk", table.at("/KeySchema/0/AttributeName").asText());
        assertEquals("sk", table.at("/KeySchema/1/AttributeName").asText());
        assertEquals("NEW_AND_OLD_IMAGES", table.at("/StreamSpecification/StreamViewType").asText(),
                "the mailer reads new invitations' images from the stream");
    }

    /**
     * The mailer wakes for the inserts of invitations only (the filter names the table's sort key and the store's
     * invitation prefix), reports failed records one by one, and what keeps failing goes to the queue; its
     * environment is what its Lambda constructor reads, and its permissions are what it calls, on what it calls it.
     */
    @Test
    void theMailerWakesForNewInvitationsOnlyAndLosesNothingSilently() throws Exception {
        JsonNode resources = new YAMLMapper().readTree(TEMPLATE.path().toFile()).path("Resources");
        JsonNode function = resources.path("DeliverInvitesFunction").path("Properties");
        assertEquals("dev.orginvites.deliver.DeliverInvitesHandler::handleRequest", function.path("Handler").asText());
        Class<?> handler = Class.forName("dev.orginvites.deliver.DeliverInvitesHandler");
        assertTrue(RequestHandler.class.isAssignableFrom(handler));
        handler.getConstructor();
        assertTrue(Files.isRegularFile(ROOT.resolve(function.path("CodeUri").asText()).resolve("Makefile")));

        JsonNode source = function.at("/Events/NewInvitations");
        assertEquals("DynamoDB", source.path("Type").asText());
        JsonNode mapping = source.path("Properties");
        assertEquals("[\"InvitesTable\",\"StreamArn\"]", mapping.at("/Stream/Fn::GetAtt").toString());
        assertEquals(1, mapping.at("/FilterCriteria/Filters").size());
        JsonNode pattern = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                mapping.at("/FilterCriteria/Filters/0/Pattern").asText());
        String sortKey = TEMPLATE.table().at("/KeySchema/1/AttributeName").asText();
        // An insert is a record with a new image and no old one: Lambda filters DynamoDB records on the dynamodb key
        // only (eventName is not supported), and exists works on leaves, so on the key attribute's S.
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"dynamodb\": {"
                + "\"Keys\": {\"" + sortKey + "\": {\"S\": [{\"prefix\": \"INVITE#\"}]}}, "
                + "\"NewImage\": {\"" + sortKey + "\": {\"S\": [{\"exists\": true}]}}, "
                + "\"OldImage\": {\"" + sortKey + "\": {\"S\": [{\"exists\": false}]}}}}"), pattern);
        FilterPattern.parse(mapping.at("/FilterCriteria/Filters/0/Pattern").asText());
        assertEquals("ReportBatchItemFailures", mapping.at("/FunctionResponseTypes/0").asText());
        assertTrue(mapping.path("BisectBatchOnFunctionError").asBoolean());
        assertTrue(mapping.path("MaximumRetryAttempts").asInt() > 0);
        assertTrue(mapping.path("MaximumRecordAgeInSeconds").asInt() > 0);
        assertEquals("[\"UndeliveredInvitesQueue\",\"Arn\"]",
                mapping.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt").toString());
        assertEquals("AWS::SQS::Queue", resources.at("/UndeliveredInvitesQueue/Type").asText());

        JsonNode env = function.at("/Environment/Variables");
        assertEquals("MailFrom", env.at("/MAIL_FROM/Ref").asText());
        assertEquals("AcceptUrl", env.at("/ACCEPT_URL/Ref").asText());
        assertEquals("AcceptTokenSecret", env.at("/TOKEN_SECRET_ID/Ref").asText());
        assertEquals("SendingConfigurationSet", env.at("/SES_CONFIGURATION_SET/Ref").asText());
        JsonNode secret = resources.path("AcceptTokenSecret");
        assertEquals("AWS::SecretsManager::Secret", secret.path("Type").asText());
        assertEquals(64, secret.at("/Properties/GenerateSecretString/PasswordLength").asInt());
        assertTrue(secret.at("/Properties/GenerateSecretString/ExcludePunctuation").asBoolean());

        Map<String, String> granted = granted(function);
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:UpdateItem", "ses:SendEmail",
                "secretsmanager:GetSecretValue", "sqs:SendMessage"), granted.keySet());
        assertEquals("{\"Fn::GetAtt\":[\"InvitesTable\",\"Arn\"]}", granted.get("dynamodb:UpdateItem"));
        assertEquals("{\"Ref\":\"AcceptTokenSecret\"}", granted.get("secretsmanager:GetSecretValue"));
        assertTrue(granted.get("ses:SendEmail").contains(":identity/${MailFrom}"), granted.get("ses:SendEmail"));
        assertTrue(granted.get("ses:SendEmail").contains(":configuration-set/${SendingConfigurationSet}"),
                granted.get("ses:SendEmail"));
        assertFalse(granted.get("ses:SendEmail").contains("*"), "SendEmail on the sender's identity only");
    }

    /**
     * Every send goes through one configuration set, which suppresses addresses that bounced or complained and
     * publishes bounces, complaints, rejects and delays to the default bus; a rule takes that set's events (and no
     * other's) to a queue only the rule may send to; record-feedback reads it, reporting failed messages one by one,
     * with only the calls it makes; what keeps failing, or cannot be delivered, lands in a dead-letter queue.
     */
    @Test
    void sesFeedbackReachesRecordFeedbackFromOneConfigurationSetAndLosesNothingSilently() throws Exception {
        JsonNode resources = new YAMLMapper().readTree(TEMPLATE.path().toFile()).path("Resources");
        JsonNode set = resources.path("SendingConfigurationSet");
        assertEquals("AWS::SES::ConfigurationSet", set.path("Type").asText());
        assertEquals("[\"BOUNCE\",\"COMPLAINT\"]", set.at("/Properties/SuppressionOptions/SuppressedReasons").toString());

        JsonNode destination = resources.at("/SendingEventDestination/Properties");
        assertEquals("SendingConfigurationSet", destination.at("/ConfigurationSetName/Ref").asText());
        assertEquals(Set.of("BOUNCE", "COMPLAINT", "REJECT", "DELIVERY_DELAY"), texts(
                destination.at("/EventDestination/MatchingEventTypes")));
        assertTrue(destination.at("/EventDestination/EventBridgeDestination/EventBusArn/Fn::Sub").asText()
                .endsWith(":event-bus/default"), "SES publishes to the default bus only");
        assertEquals(java.util.EnumSet.allOf(dev.orginvites.devkit.SesEvents.Kind.class),
                MailboxSimulator.publishedKinds(TEMPLATE, "SendingConfigurationSet"),
                "the local mailbox simulator publishes what this destination does");
        assertEquals(Set.of(), MailboxSimulator.publishedKinds(TEMPLATE, "AnotherSet"));

        JsonNode rule = resources.at("/SendFeedbackRule/Properties");
        assertEquals("default", rule.path("EventBusName").asText());
        JsonNode pattern = rule.path("EventPattern");
        assertEquals(Set.of("aws.ses"), texts(pattern.path("source")));
        assertEquals(Set.of("Email Bounced", "Email Complaint Received", "Email Rejected", "Email Delivery Delayed"),
                texts(pattern.path("detail-type")));
        assertEquals("SendingConfigurationSet",
                pattern.at("/detail/mail/tags").path("ses:configuration-set").path(0).path("Ref").asText(),
                "only this set's events: the default bus carries every SES event of the account");
        assertEquals(List.of(new SamTemplate.QueueSubscription("RecordFeedbackFunction",
                "dev.orginvites.feedback.RecordFeedbackHandler", java.time.Duration.ofSeconds(30), "SendFeedbackQueue",
                resources.at("/RecordFeedbackFunction/Properties/Events/SendFeedback/Properties"))),
                TEMPLATE.queueSubscriptions());
        assertEquals(List.of(pattern), TEMPLATE.rulePatternsTargeting("SendFeedbackQueue"));
        assertEquals("[\"SendFeedbackDeadLetterQueue\",\"Arn\"]",
                rule.at("/Targets/0/DeadLetterConfig/Arn/Fn::GetAtt").toString());

        JsonNode queue = resources.at("/SendFeedbackQueue/Properties");
        assertEquals("[\"SendFeedbackDeadLetterQueue\",\"Arn\"]",
                queue.at("/RedrivePolicy/deadLetterTargetArn/Fn::GetAtt").toString());
        assertTrue(queue.at("/RedrivePolicy/maxReceiveCount").asInt() > 1);
        JsonNode function = resources.at("/RecordFeedbackFunction/Properties");
        assertTrue(queue.path("VisibilityTimeout").asInt() >= 6 * function.path("Timeout").asInt(),
                "a message is not received again while its invocation may still run");
        JsonNode allow = resources.at("/SendFeedbackQueuePolicy/Properties/PolicyDocument/Statement/0");
        assertEquals("events.amazonaws.com", allow.at("/Principal/Service").asText());
        assertEquals("sqs:SendMessage", allow.path("Action").asText());
        assertEquals("[\"SendFeedbackRule\",\"Arn\"]",
                allow.at("/Condition/ArnEquals/aws:SourceArn/Fn::GetAtt").toString());

        Class<?> handler = Class.forName("dev.orginvites.feedback.RecordFeedbackHandler");
        assertTrue(RequestHandler.class.isAssignableFrom(handler));
        handler.getConstructor();
        JsonNode mapping = function.at("/Events/SendFeedback/Properties");
        assertEquals("ReportBatchItemFailures", mapping.at("/FunctionResponseTypes/0").asText());
        Map<String, String> granted = granted(function);
        assertEquals(Map.of("dynamodb:GetItem", "{\"Fn::GetAtt\":[\"InvitesTable\",\"Arn\"]}",
                "dynamodb:UpdateItem", "{\"Fn::GetAtt\":[\"InvitesTable\",\"Arn\"]}"), granted);
    }

    /** The actions a function's policy allows, each with its resources (every statement an Allow). */
    private static Map<String, String> granted(JsonNode function) {
        Map<String, String> granted = new TreeMap<>();
        for (JsonNode statement : function.at("/Policies/0/Statement")) {
            assertEquals("Allow", statement.path("Effect").asText());
            for (JsonNode action : statement.path("Action")) {
                granted.put(action.asText(), statement.path("Resource").toString());
            }
        }
        return granted;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }

    /**
     * The publisher wakes for the items whose records carry events, reports failed records one by one, and what keeps
     * failing goes to a queue of its own; it may put events on its one bus (the stack's, or the one the parameter
     * names) and nothing else, and reads no table but its stream.
     */
    @Test
    void thePublisherWakesForTheItemsWithEventsAndMayPutOnItsBusOnly() throws Exception {
        JsonNode template = new YAMLMapper().readTree(TEMPLATE.path().toFile());
        JsonNode resources = template.path("Resources");
        JsonNode function = resources.path("PublishEventsFunction").path("Properties");
        assertEquals("dev.orginvites.events.PublishEventsHandler::handleRequest", function.path("Handler").asText());
        Class<?> handler = Class.forName("dev.orginvites.events.PublishEventsHandler");
        assertTrue(RequestHandler.class.isAssignableFrom(handler));
        handler.getConstructor();
        assertTrue(Files.isRegularFile(ROOT.resolve(function.path("CodeUri").asText()).resolve("Makefile")));

        JsonNode mapping = function.at("/Events/TableChanges/Properties");
        assertEquals("DynamoDB", function.at("/Events/TableChanges/Type").asText());
        assertEquals("[\"InvitesTable\",\"StreamArn\"]", mapping.at("/Stream/Fn::GetAtt").toString());
        assertEquals(1, mapping.at("/FilterCriteria/Filters").size());
        String sortKey = TEMPLATE.table().at("/KeySchema/1/AttributeName").asText();
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"dynamodb\": {\"Keys\": {\""
                + sortKey + "\": {\"S\": [{\"prefix\": \"INVITE#\"}, {\"prefix\": \"CANCELLED#\"}, "
                + "{\"prefix\": \"ACCEPTED#\"}, {\"prefix\": \"MEMBER#\"}, {\"prefix\": \"REMOVED#\"}]}}}}"),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        mapping.at("/FilterCriteria/Filters/0/Pattern").asText()));
        FilterPattern.parse(mapping.at("/FilterCriteria/Filters/0/Pattern").asText());
        assertEquals("ReportBatchItemFailures", mapping.at("/FunctionResponseTypes/0").asText());
        assertTrue(mapping.path("BisectBatchOnFunctionError").asBoolean());
        assertTrue(mapping.path("MaximumRetryAttempts").asInt() > 0);
        assertTrue(mapping.path("ParallelizationFactor").asInt(1) == 1, "one batch a shard at a time: in order");
        assertEquals("[\"UnpublishedEventsQueue\",\"Arn\"]",
                mapping.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt").toString());
        assertEquals("AWS::SQS::Queue", resources.at("/UnpublishedEventsQueue/Type").asText());
        assertEquals("Deny", resources.at("/UnpublishedEventsQueuePolicy/Properties/PolicyDocument/Statement/0/Effect")
                .asText(), "no message over plain HTTP");

        JsonNode bus = function.at("/Environment/Variables/EVENT_BUS");
        assertEquals("BasePath", function.at("/Environment/Variables/BASE_PATH/Ref").asText());
        assertEquals("CreateEventBus", bus.at("/Fn::If/0").asText());
        assertEquals("[\"EventBus\",\"Arn\"]", bus.at("/Fn::If/1/Fn::GetAtt").toString());
        assertTrue(bus.at("/Fn::If/2/Fn::Sub").asText().endsWith(":event-bus/${EventBusName}"), bus.toString());
        assertEquals("CreateEventBus", resources.at("/EventBus/Condition").asText());
        assertEquals("AWS::Events::EventBus", resources.at("/EventBus/Type").asText());
        assertEquals("{\"Fn::Equals\":[{\"Ref\":\"EventBusName\"},\"\"]}",
                template.at("/Conditions/CreateEventBus").toString());

        Map<String, String> granted = granted(function);
        assertEquals(Set.of("events:PutEvents", "sqs:SendMessage"), granted.keySet());
        assertEquals(bus.toString(), granted.get("events:PutEvents"), "PutEvents on the bus it is given, only");
    }

    /**
     * The local gateway (TokenVerifier) authenticates as this authorizer does: one JWT authorizer on every route,
     * reading the Authorization header, checking the template's issuer and audience, and no route requiring scopes.
     */
    @Test
    void everyRouteIsBehindTheJwtAuthorizerTheLocalGatewayMirrors() throws Exception {
        JsonNode template = new YAMLMapper().readTree(TEMPLATE.path().toFile());
        JsonNode auth = template.at("/Resources/InvitesApi/Properties/Auth");
        String name = auth.path("DefaultAuthorizer").asText();
        JsonNode authorizer = auth.path("Authorizers").path(name);

        assertEquals("$request.header.Authorization", authorizer.path("IdentitySource").asText());
        assertEquals("JwtIssuer", authorizer.at("/JwtConfiguration/issuer/Ref").asText());
        assertEquals("JwtAudience", authorizer.at("/JwtConfiguration/audience/0/Ref").asText());
        assertEquals(1, authorizer.at("/JwtConfiguration/audience").size());
        for (JsonNode resource : template.path("Resources")) {
            for (JsonNode event : resource.at("/Properties/Events")) {
                assertTrue(event.at("/Properties/Auth").isMissingNode(),
                        "a route with its own authorizer or scopes, which the local gateway does not apply: " + event);
            }
        }
    }

    /**
     * The accept-token key is a secret the stack generates (64 characters, no punctuation), named to the accept
     * function by TOKEN_SECRET_ID; of the routes' functions, only that one may read it, and only with
     * GetSecretValue on it.
     */
    @Test
    void theTokenKeyIsAGeneratedSecretOnlyTheAcceptFunctionReads() throws Exception {
        JsonNode resources = new YAMLMapper().readTree(TEMPLATE.path().toFile()).path("Resources");
        JsonNode secret = resources.path("AcceptTokenSecret");
        assertEquals("AWS::SecretsManager::Secret", secret.path("Type").asText());
        assertEquals(64, secret.at("/Properties/GenerateSecretString/PasswordLength").asInt());
        assertTrue(secret.at("/Properties/GenerateSecretString/ExcludePunctuation").asBoolean());

        for (SamTemplate.Route route : TEMPLATE.routes()) {
            JsonNode function = resources.path(route.functionId());
            boolean accept = route.routeKey().equals("POST /invites/accept");
            assertEquals(accept ? "AcceptTokenSecret" : "",
                    function.at("/Properties/Environment/Variables/TOKEN_SECRET_ID/Ref").asText(), route.functionId());
            int secretStatements = 0;
            for (JsonNode policy : function.at("/Properties/Policies")) {
                for (JsonNode statement : policy.path("Statement")) {
                    boolean secrets = statement.path("Action").toString().contains("secretsmanager:");
                    if (secrets) {
                        secretStatements++;
                        assertEquals("[\"secretsmanager:GetSecretValue\"]", statement.path("Action").toString());
                        assertEquals("AcceptTokenSecret", statement.at("/Resource/Ref").asText());
                    }
                }
            }
            assertEquals(accept ? 1 : 0, secretStatements, route.functionId() + " and the token key");
        }
    }

    /**
     * Every function gets the log's pseudonym key as LOG_PSEUDONYM_KEY, resolved from a secret the stack generates
     * (64 characters, no punctuation) when it deploys: no function reads Secrets Manager for it, and none is granted
     * to.
     */
    @Test
    void everyFunctionGetsTheLogPseudonymKeyFromAGeneratedSecret() throws Exception {
        JsonNode template = new YAMLMapper().readTree(TEMPLATE.path().toFile());
        JsonNode secret = template.at("/Resources/LogPseudonymKey");
        assertEquals("AWS::SecretsManager::Secret", secret.path("Type").asText());
        assertEquals(64, secret.at("/Properties/GenerateSecretString/PasswordLength").asInt());
        assertTrue(secret.at("/Properties/GenerateSecretString/ExcludePunctuation").asBoolean());
        assertEquals("{{resolve:secretsmanager:${LogPseudonymKey}:SecretString}}",
                template.at("/Globals/Function/Environment/Variables/" + RequestLog.KEY_VARIABLE + "/Fn::Sub").asText());

        template.path("Resources").fields().forEachRemaining(resource -> {
            if (resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                assertTrue(resource.getValue().at("/Properties/Environment/Variables/" + RequestLog.KEY_VARIABLE)
                        .isMissingNode(), resource.getKey() + " keeps the global key");
                assertFalse(resource.getValue().at("/Properties/Policies").toString().contains("LogPseudonymKey"),
                        resource.getKey() + " needs no access to the secret itself");
            }
        });
    }

    /** Fn::GetAtt in its list form: the dotted string is only the short form's, which CloudFormation reads. */
    @Test
    void everyGetAttIsAList() throws Exception {
        List<String> dotted = new ArrayList<>();
        walk(new YAMLMapper().readTree(TEMPLATE.path().toFile()), node -> {
            if (node.has("Fn::GetAtt") && !node.path("Fn::GetAtt").isArray()) {
                dotted.add(node.toString());
            }
        });
        assertEquals(List.of(), dotted);
    }

    private static void walk(JsonNode node, Consumer<JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(node);
        }
        node.forEach(child -> walk(child, visit));
    }

    /** Each function logs to a group of its own, made by the stack with the retention the parameter sets. */
    @Test
    void everyFunctionsLogsAreKeptForTheRetentionPeriodOnly() throws Exception {
        JsonNode template = new YAMLMapper().readTree(TEMPLATE.path().toFile());
        JsonNode resources = template.path("Resources");
        assertEquals(30, template.at("/Parameters/LogRetentionInDays/Default").asInt());
        Set<String> groups = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (!resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                continue;
            }
            String group = resource.getValue().at("/Properties/LoggingConfig/LogGroup/Ref").asText();
            assertTrue(groups.add(group), resource.getKey() + " shares its log group " + group);
            JsonNode logGroup = resources.path(group);
            assertEquals("AWS::Logs::LogGroup", logGroup.path("Type").asText(), resource.getKey() + "'s " + group);
            assertEquals("LogRetentionInDays", logGroup.at("/Properties/RetentionInDays/Ref").asText());
            assertEquals("/aws/lambda/${AWS::StackName}/" + resource.getKey(),
                    logGroup.at("/Properties/LogGroupName/Fn::Sub").asText());
        }
        assertEquals(13, groups.size());
        assertEquals("JSON", template.at("/Globals/Function/LoggingConfig/LogFormat").asText());
    }

    /** The emailed links verify with the accept-token key only: it outlives the stack, as the table does. */
    @Test
    void theTokenKeyIsKeptWithTheTable() throws Exception {
        JsonNode resources = new YAMLMapper().readTree(TEMPLATE.path().toFile()).path("Resources");
        for (String kept : List.of("AcceptTokenSecret", "InvitesTable")) {
            assertEquals("Retain", resources.at("/" + kept + "/DeletionPolicy").asText(), kept);
            assertEquals("Retain", resources.at("/" + kept + "/UpdateReplacePolicy").asText(), kept);
        }
    }

    /**
     * A browser page (the accept page) may call the API from the origins the parameter lists: CORS is on exactly when
     * it lists any (by default none, and then the setting is left out), for every method the routes use and the
     * headers the API reads, exposing the headers it answers with. The local gateway reads the same setting.
     */
    @Test
    void corsIsOnForTheListedOriginsOnlyAndCoversWhatTheApiUses() throws Exception {
        JsonNode template = new YAMLMapper().readTree(TEMPLATE.path().toFile());
        JsonNode parameter = template.at("/Parameters/CorsAllowedOrigins");
        assertEquals("CommaDelimitedList", parameter.path("Type").asText());
        assertEquals("", parameter.path("Default").asText(), "no origin by default");
        JsonNode cors = TEMPLATE.api().path("CorsConfiguration");
        String condition = cors.at("/Fn::If/0").asText();
        assertEquals("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Fn::Join\":[\"\",{\"Ref\":\"CorsAllowedOrigins\"}]},\"\"]}]}",
                template.at("/Conditions/" + condition).toString());
        assertEquals("AWS::NoValue", cors.at("/Fn::If/2/Ref").asText(), "off: no CorsConfiguration at all");
        assertEquals("CorsAllowedOrigins", cors.at("/Fn::If/1/AllowOrigins/Ref").asText());

        Cors on = Cors.of(cors, "https://app.example.com");
        Set<String> methods = new TreeSet<>();
        TEMPLATE.routes().forEach(route -> methods.add(route.method()));
        assertEquals(methods, new TreeSet<>(on.methods()));
        assertTrue(on.headers().containsAll(List.of("authorization", "content-type", "idempotency-key")),
                on.headers().toString());
        assertTrue(on.exposed().containsAll(List.of("location", "snyk-request-id", "snyk-version-served", "sunset",
                "deprecation", "retry-after", "idempotent-replayed")), on.exposed().toString());
        assertEquals(Cors.OFF, Cors.of(cors, ""));
        assertEquals(Cors.OFF, Cors.of(cors, null));
    }

    /** The template's alarms, by logical id. */
    private static Map<String, JsonNode> alarms(JsonNode resources) {
        Map<String, JsonNode> alarms = new TreeMap<>();
        resources.fields().forEachRemaining(resource -> {
            if (resource.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                alarms.put(resource.getKey(), resource.getValue().path("Properties"));
            }
        });
        return alarms;
    }

    /** The logical ids of the template's resources of one type. */
    private static Set<String> ofType(JsonNode resources, String type) {
        Set<String> ids = new TreeSet<>();
        resources.fields().forEachRemaining(resource -> {
            if (resource.getValue().path("Type").asText().equals(type)) {
                ids.add(resource.getKey());
            }
        });
        return ids;
    }

    /** The alarms on one metric, in one namespace. */
    private static Map<String, JsonNode> alarmsOn(JsonNode resources, String namespace, String metric) {
        Map<String, JsonNode> on = new TreeMap<>();
        alarms(resources).forEach((id, alarm) -> {
            if (alarm.path("Namespace").asText().equals(namespace)
                    && alarm.path("MetricName").asText().equals(metric)) {
                on.put(id, alarm);
            }
        });
        return on;
    }

    /**
     * The alarms' topic is an SNS topic the stack exports as AlarmTopicArn, not under the AWS-managed SNS key (which
     * CloudWatch cannot publish with), and AlarmEmail, when given and only then, subscribes that address to it.
     */
    @Test
    void theAlarmTopicIsAnOutputAndAlarmEmailSubscribesToIt() throws Exception {
        JsonNode template = new YAMLMapper().readTree(TEMPLATE.path().toFile());
        JsonNode resources = template.path("Resources");
        JsonNode output = template.at("/Outputs/AlarmTopicArn");
        String topic = output.at("/Value/Ref").asText();
        assertEquals("AWS::SNS::Topic", resources.at("/" + topic + "/Type").asText(), "AlarmTopicArn: " + output);
        assertEquals("${AWS::StackName}-AlarmTopicArn", output.at("/Export/Name/Fn::Sub").asText());
        assertFalse(resources.at("/" + topic + "/Properties/KmsMasterKeyId").asText().endsWith("alias/aws/sns"),
                "CloudWatch cannot publish to a topic under the AWS-managed key");

        assertEquals("", template.at("/Parameters/AlarmEmail/Default").asText(), "no address by default");
        java.util.regex.Pattern address = java.util.regex.Pattern.compile(
                template.at("/Parameters/AlarmEmail/AllowedPattern").asText());
        for (String allowed : List.of("", "ops@example.com", "on-call+org-invites@alerts.example.co.uk")) {
            assertTrue(address.matcher(allowed).matches(), "AlarmEmail '" + allowed + "'");
        }
        for (String refused : List.of("ops", "ops@example", "Ops <ops@example.com>", "a@b@example.com", " ")) {
            assertFalse(address.matcher(refused).matches(), "AlarmEmail '" + refused + "'");
        }
        Set<String> subscriptions = ofType(resources, "AWS::SNS::Subscription");
        assertEquals(1, subscriptions.size(), subscriptions.toString());
        JsonNode subscription = resources.path(subscriptions.iterator().next());
        assertEquals(topic, subscription.at("/Properties/TopicArn/Ref").asText());
        assertEquals("email", subscription.at("/Properties/Protocol").asText());
        assertEquals("AlarmEmail", subscription.at("/Properties/Endpoint/Ref").asText());
        assertEquals("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"AlarmEmail\"},\"\"]}]}",
                template.at("/Conditions/" + subscription.path("Condition").asText()).toString(),
                "subscribed only when AlarmEmail is given");
    }

    /** Every alarm of the template notifies the topic when it goes off and when it clears, and nothing else. */
    @Test
    void everyAlarmNotifiesTheTopic() throws Exception {
        JsonNode template = new YAMLMapper().readTree(TEMPLATE.path().toFile());
        String topic = "[{\"Ref\":\"" + template.at("/Outputs/AlarmTopicArn/Value/Ref").asText() + "\"}]";
        Map<String, JsonNode> alarms = alarms(template.path("Resources"));
        assertFalse(alarms.isEmpty());
        alarms.forEach((id, alarm) -> {
            assertEquals(topic, alarm.path("AlarmActions").toString(), id);
            assertEquals(topic, alarm.path("OKActions").toString(), id);
            assertTrue(alarm.path("ActionsEnabled").asBoolean(true), id);
        });
    }

    /**
     * Each function, whatever invokes it, has exactly one alarm on its Errors (the metric of its name, so of every
     * version and alias), going off at the first error and quiet when it is not invoked; and no Errors alarm names
     * anything but a function of the template.
     */
    @Test
    void everyFunctionHasOneErrorsAlarm() throws Exception {
        JsonNode resources = new YAMLMapper().readTree(TEMPLATE.path().toFile()).path("Resources");
        Set<String> functions = ofType(resources, "AWS::Serverless::Function");
        assertEquals(TEMPLATE.functions().size(), functions.size());
        Map<String, List<String>> alarmed = new TreeMap<>();
        alarmsOn(resources, "AWS/Lambda", "Errors").forEach((id, alarm) -> {
            assertEquals(1, alarm.path("Dimensions").size(), id + ": the function's name alone, not an alias");
            assertEquals("FunctionName", alarm.at("/Dimensions/0/Name").asText(), id);
            String function = alarm.at("/Dimensions/0/Value/Ref").asText();
            assertTrue(functions.contains(function), id + " is on " + alarm.at("/Dimensions/0/Value")
                    + ", not on a function of the template");
            assertEquals("Sum", alarm.path("Statistic").asText(), id);
            assertEquals(0, alarm.path("Threshold").asDouble(), id);
            assertEquals("GreaterThanThreshold", alarm.path("ComparisonOperator").asText(), id);
            assertEquals("notBreaching", alarm.path("TreatMissingData").asText(), id);
            alarmed.computeIfAbsent(function, f -> new ArrayList<>()).add(id);
        });
        for (String function : functions) {
            assertEquals(1, alarmed.getOrDefault(function, List.of()).size(),
                    function + "'s Errors alarms: " + alarmed.getOrDefault(function, List.of()));
        }
    }

    /**
     * Every SQS queue the template sends failures to (an on-failure destination, a dead-letter queue or a redrive
     * target, of a function, an event source, a subscription, a rule or another queue) has an alarm on its depth
     * that goes off at its first message.
     */
    @Test
    void everyQueueOfFailuresHasADepthAlarm() throws Exception {
        JsonNode resources = new YAMLMapper().readTree(TEMPLATE.path().toFile()).path("Resources");
        Set<String> queues = ofType(resources, "AWS::SQS::Queue");
        Set<String> failureQueues = new TreeSet<>();
        collectFailureQueues(resources, false, queues, failureQueues);
        assertTrue(failureQueues.contains("UndeliveredInvitesQueue"), failureQueues.toString());

        Map<String, List<String>> alarmed = new TreeMap<>();
        alarmsOn(resources, "AWS/SQS", "ApproximateNumberOfMessagesVisible").forEach((id, alarm) -> {
            assertEquals(1, alarm.path("Dimensions").size(), id);
            assertEquals("QueueName", alarm.at("/Dimensions/0/Name").asText(), id);
            JsonNode name = alarm.at("/Dimensions/0/Value/Fn::GetAtt");
            assertEquals("QueueName", name.path(1).asText(), id + ": the queue's name, from the queue itself");
            assertEquals("Maximum", alarm.path("Statistic").asText(), id);
            assertEquals(0, alarm.path("Threshold").asDouble(), id);
            assertEquals("GreaterThanThreshold", alarm.path("ComparisonOperator").asText(), id);
            alarmed.computeIfAbsent(name.path(0).asText(), q -> new ArrayList<>()).add(id);
        });
        for (String queue : failureQueues) {
            assertEquals(1, alarmed.getOrDefault(queue, List.of()).size(), queue + "'s depth alarms");
        }
    }

    /** The keys under which a template names where failures go. */
    private static final Set<String> FAILURE_KEYS = Set.of("OnFailure", "DeadLetterQueue", "DeadLetterConfig",
            "RedrivePolicy", "deadLetterTargetArn");

    /** The queues referred to (by Ref or Fn::GetAtt) anywhere under a key of {@link #FAILURE_KEYS}. */
    private static void collectFailureQueues(JsonNode node, boolean underFailure, Set<String> queues,
            Set<String> found) {
        if (underFailure && node.isObject()) {
            String target = node.has("Ref") ? node.path("Ref").asText()
                    : node.path("Fn::GetAtt").isArray() ? node.path("Fn::GetAtt").path(0).asText() : null;
            if (target != null && queues.contains(target)) {
                found.add(target);
            }
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> collectFailureQueues(field.getValue(),
                    underFailure || FAILURE_KEYS.contains(field.getKey()), queues, found));
        } else if (node.isArray()) {
            node.forEach(child -> collectFailureQueues(child, underFailure, queues, found));
        }
    }

    /**
     * The SES account's bounce and complaint rates are alarmed below the levels at which SES's developer guide says
     * it reviews an account (5 % bounces, 0.1 % complaints), and a clean account that publishes no rate is not in
     * alarm.
     */
    @Test
    void theSesReputationIsAlarmedBelowTheReviewLevels() throws Exception {
        JsonNode resources = new YAMLMapper().readTree(TEMPLATE.path().toFile()).path("Resources");
        Map<String, Double> reviewedAt = Map.of("Reputation.BounceRate", 0.05, "Reputation.ComplaintRate", 0.001);
        reviewedAt.forEach((metric, review) -> {
            Map<String, JsonNode> alarms = alarmsOn(resources, "AWS/SES", metric);
            assertEquals(1, alarms.size(), metric + ": " + alarms.keySet());
            JsonNode alarm = alarms.values().iterator().next();
            double threshold = alarm.path("Threshold").asDouble();
            assertTrue(threshold > 0 && threshold < review,
                    metric + " alarms at " + threshold + ", not below " + review);
            assertTrue(alarm.path("ComparisonOperator").asText().startsWith("GreaterThan"), metric);
            assertTrue(alarm.path("Dimensions").isMissingNode(), metric + ": the account's rate has no dimension");
            assertEquals("notBreaching", alarm.path("TreatMissingData").asText(), metric);
        });
    }

    /**
     * Every route is throttled by the two parameters (API Gateway's default route settings), whose defaults are within
     * their bounds and whose bounds are within the account's default limits (10,000 requests a second, bursts of
     * 5,000); the local gateway applies the same defaults (ThrottleTest).
     */
    @Test
    void theThrottlingParametersThrottleEveryRoute() throws Exception {
        JsonNode template = new YAMLMapper().readTree(TEMPLATE.path().toFile());
        JsonNode settings = TEMPLATE.api().path("DefaultRouteSettings");
        assertEquals("ThrottlingRateLimit", settings.at("/ThrottlingRateLimit/Ref").asText());
        assertEquals("ThrottlingBurstLimit", settings.at("/ThrottlingBurstLimit/Ref").asText());
        for (JsonNode resource : template.path("Resources")) {
            for (JsonNode event : resource.at("/Properties/Events")) {
                assertTrue(event.at("/Properties/RouteSettings").isMissingNode(),
                        "a route with limits of its own: " + event);
            }
        }
        assertTrue(TEMPLATE.api().path("RouteSettings").isMissingNode());

        JsonNode rate = template.at("/Parameters/ThrottlingRateLimit");
        assertEquals("Number", rate.path("Type").asText());
        assertTrue(rate.path("MinValue").asDouble() > 0);
        assertTrue(rate.path("MaxValue").asDouble() <= 10_000);
        assertTrue(rate.path("Default").asDouble() >= rate.path("MinValue").asDouble()
                && rate.path("Default").asDouble() <= rate.path("MaxValue").asDouble(), rate.toString());

        JsonNode burst = template.at("/Parameters/ThrottlingBurstLimit");
        java.util.regex.Pattern allowed = java.util.regex.Pattern.compile(burst.path("AllowedPattern").asText());
        assertTrue(allowed.matcher(burst.path("Default").asText()).matches(), burst.toString());
        for (int n = 0; n <= 5_001; n++) {
            assertEquals(n >= 1 && n <= 5_000, allowed.matcher(Integer.toString(n)).matches(), "burst " + n);
        }
        for (String refused : List.of("", "01", "150.5", "-1", "1e3", " 100")) {
            assertFalse(allowed.matcher(refused).matches(), "burst '" + refused + "'");
        }
    }
}
