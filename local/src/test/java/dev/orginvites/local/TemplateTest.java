package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orginvites.devkit.SamTemplate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** template.yaml deploys what the code and the contract say: the right classes, on exactly the contract's routes. */
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

    @Test
    void theRoutesAreExactlyTheContractsOperations() throws Exception {
        JsonNode contract;
        try (InputStream in = TemplateTest.class.getResourceAsStream("/contract/snyk-invites-openapi.yml")) {
            contract = new YAMLMapper().readTree(in);
        }
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = contract.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(
                    method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }
        Set<String> routes = new TreeSet<>();
        TEMPLATE.routes().forEach(route -> routes.add(route.routeKey()));

        assertEquals(operations, routes);
        assertEquals(3, routes.size());
    }

    @Test
    void theTableIsWhatTheStoreNeeds() {
        JsonNode table = TEMPLATE.table();
        assertEquals("expires_at", table.at("/TimeToLiveSpecification/AttributeName").asText());
        assertEquals("PAY_PER_REQUEST", table.path("BillingMode").asText());
        assertEquals("pk", table.at("/KeySchema/0/AttributeName").asText());
        assertEquals("sk", table.at("/KeySchema/1/AttributeName").asText());
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
}
