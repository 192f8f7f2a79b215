package dev.orginvites.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.cancel.CancelInviteHandler;
import dev.orginvites.create.CreateInviteHandler;
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
 * Each handler's own work per request, warm, over a store that answers constants ({@link ConstantInvitations}): the
 * pipeline, authorization, version resolution, body parsing, rendering and the log line, and no store at all. The
 * same requests as {@link WarmPath}, which runs them over a store that keeps the rules; the two together say what
 * the handlers cost and what the store in memory adds. Sample time, so JMH reports the median.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandlerOverhead {
    private CreateInviteHandler create;
    private ListInvitesHandler list;
    private CancelInviteHandler cancel;
    private APIGatewayV2HTTPEvent createEvent;
    private APIGatewayV2HTTPEvent listEvent;
    private APIGatewayV2HTTPEvent cancelEvent;

    @Setup
    public void setUp() {
        RequestLog log = RequestLog.discard();
        ConstantInvitations invitations = new ConstantInvitations(WarmPath.ORG, 100);
        // No request here carries an Idempotency-Key, so create never reaches its idempotency keys.
        create = new CreateInviteHandler(invitations, null, Clock.systemUTC(), log);
        list = new ListInvitesHandler(invitations, Clock.systemUTC(), log);
        cancel = new CancelInviteHandler(invitations, Clock.systemUTC(), log);
        createEvent = WarmPath.createEvent();
        listEvent = WarmPath.listEvent();
        cancelEvent = WarmPath.cancelEvent("0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e");
        WarmPath.check(createInvite(), 201);
        WarmPath.check(listPageOf100(), 200);
        WarmPath.check(cancelInvite(), 204);
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
