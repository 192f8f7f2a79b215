package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.cancel.CancelInviteHandler;
import dev.orginvites.create.CreateInviteHandler;
import dev.orginvites.list.ListInvitesHandler;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.testing.Contract;
import dev.orginvites.shared.testing.Fixture;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** SnapStart priming runs each function's real request path against DynamoDB and leaves no trace in the table. */
class PrimingTest {
    static Stream<Arguments> functions() {
        Function<Fixture, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> create =
                f -> new CreateInviteHandler(f.store, f.clock, RequestLog.discard());
        Function<Fixture, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> list =
                f -> new ListInvitesHandler(f.store, f.clock, RequestLog.discard());
        Function<Fixture, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> cancel =
                f -> new CancelInviteHandler(f.store, f.clock, RequestLog.discard());
        return Stream.of(
                Arguments.of("create-invite", create, CreateInviteHandler.primingRequests(), new int[] {400}),
                Arguments.of("list-invites", list, ListInvitesHandler.primingRequests(), new int[] {200}),
                Arguments.of("cancel-invite", cancel, CancelInviteHandler.primingRequests(), new int[] {404}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void primesTheRequestPathWithoutWriting(String function,
            Function<Fixture, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handler,
            List<APIGatewayV2HTTPEvent> requests, int[] statuses) {
        Api api = new Api();
        api.fixture.store.create(api.fixture.org, "existing@example.com", api.fixture.developer, "x",
                api.fixture.clock.instant());
        List<Map<String, AttributeValue>> before = api.items();

        int[] answered = new Priming(Contract.checked(handler.apply(api.fixture)), requests).prime();

        assertArrayEquals(statuses, answered, function + " priming answered " + java.util.Arrays.toString(answered));
        assertEquals(before, api.items(), function + " priming changed the table");
    }
}
