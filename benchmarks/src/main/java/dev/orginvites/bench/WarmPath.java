package dev.orginvites.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.cancel.CancelInviteHandler;
import dev.orginvites.create.CreateInviteHandler;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.list.ListInvitesHandler;
import dev.orginvites.shared.http.RequestLog;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each handler's own work per request, warm: the full handler (pipeline, authorization, version resolution, body
 * parsing, rendering, the log line) over a store that answers at once. Sample time, so JMH reports the median.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WarmPath {
    static final String ORG = "5b1e0d3c-9a8f-4e7d-b6c5-a4f3e2d1c0b9";
    static final String ROLE = "f1968726-1dca-42d4-a4dc-80cab99e2b6c";

    private CreateInviteHandler create;
    private ListInvitesHandler list;
    private CancelInviteHandler cancel;
    private APIGatewayV2HTTPEvent createEvent;
    private APIGatewayV2HTTPEvent listEvent;
    private APIGatewayV2HTTPEvent cancelEvent;

    @Setup
    public void setUp() {
        InMemoryInviteStore store = new InMemoryInviteStore(ORG, 100);
        RequestLog log = RequestLog.discard();
        create = new CreateInviteHandler(store, Clock.systemUTC(), log);
        list = new ListInvitesHandler(store, Clock.systemUTC(), log);
        cancel = new CancelInviteHandler(store, Clock.systemUTC(), log);
        createEvent = HttpApiEvents.request("POST", "/orgs/{org_id}/invites").typicalHeaders().path("org_id", ORG)
                .query("version", "2024-10-15").jwt("bench", ORG, "org.read", "org.user.read", "org.user.invite")
                .json("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"Ada.Lovelace@example.com\","
                        + "\"role\":\"" + ROLE + "\"}}}").build();
        listEvent = HttpApiEvents.request("GET", "/orgs/{org_id}/invites").typicalHeaders().path("org_id", ORG)
                .query("version", "2024-10-15").query("limit", "100")
                .jwt("bench", ORG, "org.read", "org.user.read", "org.user.invite").build();
        cancelEvent = HttpApiEvents.request("DELETE", "/orgs/{org_id}/invites/{invite_id}").typicalHeaders()
                .path("org_id", ORG).path("invite_id", "0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e")
                .query("version", "2024-10-15").jwt("bench", ORG, "org.read", "org.user.read", "org.user.invite")
                .build();
        check(create.handleRequest(createEvent, null), 201);
        check(list.handleRequest(listEvent, null), 200);
        check(cancel.handleRequest(cancelEvent, null), 204);
    }

    private static void check(APIGatewayV2HTTPResponse response, int status) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("expected " + status + ": " + response.getBody());
        }
    }

    @Benchmark
    public APIGatewayV2HTTPResponse createInvite() {
        return create.handleRequest(createEvent, null);
    }

    @Benchmark
    public APIGatewayV2HTTPResponse listPageOf100() {
        return list.handleRequest(listEvent, null);
    }

    @Benchmark
    public APIGatewayV2HTTPResponse cancelInvite() {
        return cancel.handleRequest(cancelEvent, null);
    }
}
