package dev.orginvites.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.list.ListInvitesHandler;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A page of 100 invitations end to end: the list handler over the real store and DynamoDB client against the emulator
 * ({@code DYNAMODB_ENDPOINT}, or a moto_server of its own).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ListPageEndToEnd {
    private DynamoEmulator emulator;
    private ListInvitesHandler list;
    private APIGatewayV2HTTPEvent event;

    @Setup
    public void setUp() {
        emulator = DynamoEmulator.start();
        DynamoTable store = DynamoTable.fromSettings(BenchTable.create("warm", emulator.moto(), true));
        store.directory().putRole(WarmPath.ORG, WarmPath.ROLE, "Developer");
        store.directory().setInviteQuota(WarmPath.ORG, InviteQuota.MAX); // 150 sends in a day, more than the default
        for (int i = 0; i < 150; i++) {
            store.invitations().create(WarmPath.ORG, "person" + i + "@example.com", WarmPath.ROLE, "bench",
                    Clock.systemUTC().instant());
        }
        list = new ListInvitesHandler(store.invitations(), Clock.systemUTC(), RequestLog.discard());
        event = HttpApiEvents.request("GET", "/orgs/{org_id}/invites").typicalHeaders().path("org_id", WarmPath.ORG)
                .query("version", "2024-10-15").query("limit", "100")
                .jwt("bench", WarmPath.ORG, "org.read", "org.user.read").build();
        APIGatewayV2HTTPResponse response = list.handleRequest(event, null);
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException(response.getBody());
        }
    }

    @TearDown
    public void tearDown() {
        emulator.close();
    }

    @Benchmark
    public APIGatewayV2HTTPResponse listPageOf100() {
        return list.handleRequest(event, null);
    }
}
