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

        Map<String, String> granted = new TreeMap<>();
        for (JsonNode statement : function.at("/Policies/0/Statement")) {
            assertEquals("Allow", statement.path("Effect").asText());
            for (JsonNode action : statement.path("Action")) {
                granted.put(action.asText(), statement.path("Resource").toString());
            }
        }
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
        Map<String, String> granted = new TreeMap<>();
        for (JsonNode statement : function.at("/Policies/0/Statement")) {
            for (JsonNode action : statement.path("Action")) {
                granted.put(action.asText(), statement.path("Resource").toString());
            }
        }
        assertEquals(Map.of("dynamodb:GetItem", "{\"Fn::GetAtt\":[\"InvitesTable\",\"Arn\"]}",
                "dynamodb:UpdateItem", "{\"Fn::GetAtt\":[\"InvitesTable\",\"Arn\"]}"), granted);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
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
        assertEquals(12, groups.size());
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
}
