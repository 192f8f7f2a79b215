package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.shared.store.Store;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.DeployedOperations;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.TestTokenKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming runs each function's real request path against DynamoDB, leaves no trace in the table, and draws
 * nothing random (no invite id, no request id) that every restored copy of the snapshot would then share.
 */
@EmulatorTest
class PrimingTest {
    /** What priming answers through: a store that fails if asked for an invite id, and a log the test reads. */
    record Primed(Store store, RequestLog log) {
    }

    static Stream<Arguments> functions() {
        return DeployedOperations.all().stream().map(operation -> Arguments.of(operation.handlerClass().getSimpleName(),
                (Function<Primed, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>)
                        p -> operation.handlers().create(new Operation.Services(p.store(), new TestTokenKeys(),
                                java.time.Clock.systemUTC(), p.log())),
                operation, operation.priming().stream().mapToInt(Operation.PrimingRequest::status).toArray()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void primesTheRequestPathWithoutWritingOrDrawingRandomIds(String function,
            Function<Primed, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handler,
            Operation operation, int[] statuses) {
        Api api = new Api();
        api.fixture.invitations.create(api.fixture.org, "existing@example.com", api.fixture.developer, "x",
                api.fixture.clock.instant());
        List<Map<String, AttributeValue>> before = api.items();
        Store noIds = new DynamoTable(Fixture.client(), api.fixture.table, Fixture.TTL, now -> {
            throw new AssertionError(function + " priming drew an invite id before the snapshot");
        });
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int[] answered = new Priming(Contract.checked(handler.apply(new Primed(noIds,
                new RequestLog(new PrintStream(log, true, StandardCharsets.UTF_8))))), operation).prime();

        assertArrayEquals(statuses, answered, function + " priming answered " + java.util.Arrays.toString(answered));
        assertEquals(before, api.items(), function + " priming changed the table");
        for (String line : log.toString(StandardCharsets.UTF_8).trim().split("\n")) {
            assertTrue(line.contains("\"request_id\":\"00000000-0000-4000-8000-000000000001\""),
                    function + " priming drew a random request id: " + line);
        }
    }
}
