package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Store;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.DeployedOperations;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.InMemoryStore;
import dev.orginvites.testkit.TestTokenKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every API Gateway event in {@code events/} is fed to the handler its route names, deserialized as the Lambda Java
 * runtime deserializes it, against a store seeded as the local API seeds it (the in-memory twin, which keeps the
 * DynamoDB store's rules); the answer is the status in the file's name. The stream's event is {@link StreamEventTest}'s.
 */
class EventsTest {
    private static final Pattern NAME = Pattern.compile("([a-z-]+)\\.(\\d{3})(?:\\.[a-z0-9-]+)?\\.json");
    /**
     * The invite that cancel-invite.204.json cancels, and the membership the membership events name: dated in 2500, so
     * no expiry floor ever passes it.
     */
    private static final UUID NAMED_INVITE = UUID.fromString("0f3c2b1a-5d4e-7f6a-8b7c-0d1e2f3a4b5c");
    private static final SamTemplate TEMPLATE = SamTemplate.locate();
    private static final PojoSerializer<APIGatewayV2HTTPEvent> RUNTIME_SERIALIZER =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, EventsTest.class.getClassLoader());

    /** The table stream's event, named for the function it wakes. */
    static final Path STREAM_EVENT = TEMPLATE.path().getParent().resolve("events/deliver-invites.json");

    /** The API Gateway events. */
    static Stream<Path> events() throws IOException {
        try (Stream<Path> files = Files.list(TEMPLATE.path().getParent().resolve("events"))) {
            return files.filter(f -> f.toString().endsWith(".json") && !f.equals(STREAM_EVENT)).sorted()
                    .collect(Collectors.toList()).stream();
        }
    }

    @Test
    void everyRouteHasEvents() throws IOException {
        List<String> functions = events().map(f -> f.getFileName().toString().split("\\.")[0]).distinct()
                .collect(Collectors.toList());
        for (SamTemplate.Route route : TEMPLATE.routes()) {
            String module = Path.of(route.codeUri()).getFileName().toString();
            assertTrue(functions.contains(module), "no event for " + module);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void answersWithTheStatusInItsName(Path file) throws Exception {
        Matcher name = NAME.matcher(file.getFileName().toString());
        assertTrue(name.matches(), file + " must be named <function>.<status>[.<case>].json");
        APIGatewayV2HTTPEvent event;
        try (InputStream in = Files.newInputStream(file)) {
            event = RUNTIME_SERIALIZER.fromJson(in);
        }
        SamTemplate.Route route = TEMPLATE.routes().stream()
                .filter(r -> r.routeKey().equals(event.getRouteKey())).findFirst().orElseThrow(
                        () -> new AssertionError(file + ": no route " + event.getRouteKey() + " in template.yaml"));
        assertEquals(name.group(1), Path.of(route.codeUri()).getFileName().toString(),
                file + " is named for another function than its route's");
        assertNotNull(event.getRequestContext().getHttp(), "the runtime's deserializer read the request context");

        Store store = new InMemoryStore(Fixture.TTL, now -> NAMED_INVITE);
        Seed.demo().apply(store.directory());
        String demoOrg = Seed.demo().orgs().get(0).id();
        if (!file.getFileName().toString().startsWith("create-invite")) {
            store.invitations().create(demoOrg, "named@example.com", Seed.demo().orgs().get(0).roles().get(0).id(), "events-test",
                    Clock.systemUTC().instant());
        }
        // The member the membership events name (NAMED_INVITE too), but where an add's own membership would take it.
        if (!file.getFileName().toString().startsWith("create-membership")) {
            store.memberships().add(demoOrg, "auth0|named-member", Seed.demo().orgs().get(0).roles().get(0).id(),
                    "events-test", Clock.systemUTC().instant());
        }

        APIGatewayV2HTTPResponse response = Contract.checked(LocalApi.handler(route, DeployedOperations.all(),
                new Operation.Services(store, new TestTokenKeys(), Clock.systemUTC(), RequestLog.discard())))
                .handleRequest(event, null);

        assertEquals(Integer.parseInt(name.group(2)), response.getStatusCode(), file + ": " + response.getBody());
        assertNotNull(response.getHeaders().get("snyk-request-id"));
        if (response.getStatusCode() != 204) {
            assertFalse(response.getBody().contains("Exception"), response.getBody());
        }
    }
}
