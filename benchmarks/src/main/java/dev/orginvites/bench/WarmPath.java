package dev.orginvites.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orginvites.cancel.CancelInviteHandler;
import dev.orginvites.create.CreateInviteHandler;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.list.ListInvitesHandler;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.testkit.InMemoryStore;
import dev.orginvites.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each handler's own work per request, warm: the full handler (pipeline, authorization, version resolution, body
 * parsing, rendering, the log line) over the in-memory store (the test kit's), which keeps the stores' rules
 * without DynamoDB's latency. Sample time, so JMH reports the median.
 *
 * <p>Each benchmark's request succeeds every time, as a real store lets it: the list reads the first 100 of 101
 * pending invites; every create finds the previous one's invite expired (a one-second TTL, and the clock moved a
 * second before each); every cancel finds an invite made for it before the call (outside the measurement).
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

    private static final Duration TTL = Duration.ofDays(7);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final String TOKEN_PERMISSIONS = "org.user.invite";

    private final MutableClock createClock = new MutableClock(Instant.now());
    private CreateInviteHandler create;
    private ListInvitesHandler list;
    private APIGatewayV2HTTPEvent createEvent;
    private APIGatewayV2HTTPEvent listEvent;

    @Setup
    public void setUp() {
        RequestLog log = RequestLog.discard();
        InMemoryStore createStore = new InMemoryStore(ONE_SECOND);
        createStore.directory().putRole(ORG, ROLE, "Developer");
        create = new CreateInviteHandler(createStore.invitations(), createStore.idempotencyKeys(), createClock, log);

        InMemoryStore listStore = new InMemoryStore(TTL);
        listStore.directory().putRole(ORG, ROLE, "Developer");
        for (int i = 0; i <= 100; i++) {
            listStore.invitations().create(ORG, "person" + i + "@example.com", ROLE, "bench", Instant.now());
        }
        list = new ListInvitesHandler(listStore.invitations(), Clock.systemUTC(), log);

        createEvent = createEvent();
        listEvent = listEvent();
        check(createInvite(), 201);
        check(createInvite(), 201);
        check(list.handleRequest(listEvent, null), 200);
    }

    /** The cancel handler, and before each call an invite for it to find (outside the measurement). */
    @State(Scope.Thread)
    public static class Cancellation {
        private CancelInviteHandler cancel;
        private InMemoryStore store;
        private APIGatewayV2HTTPEvent event;

        @Setup
        public void setUp() {
            store = new InMemoryStore(TTL);
            store.directory().putRole(ORG, ROLE, "Developer");
            cancel = new CancelInviteHandler(store.invitations(), Clock.systemUTC(), RequestLog.discard());
            inviteToCancel();
            check(cancel.handleRequest(event, null), 204);
        }

        @Setup(Level.Invocation)
        public void inviteToCancel() {
            event = cancelEvent(store.invitations().create(ORG, "ada@example.com", ROLE, "bench", Instant.now()).id());
        }
    }

    static APIGatewayV2HTTPEvent createEvent() {
        return HttpApiEvents.request("POST", "/orgs/{org_id}/invites").typicalHeaders().path("org_id", ORG)
                .query("version", "2024-10-15").jwt("bench", ORG, "org.read", "org.user.read", TOKEN_PERMISSIONS)
                .json("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"Ada.Lovelace@example.com\","
                        + "\"role\":\"" + ROLE + "\"}}}").build();
    }

    static APIGatewayV2HTTPEvent listEvent() {
        return HttpApiEvents.request("GET", "/orgs/{org_id}/invites").typicalHeaders().path("org_id", ORG)
                .query("version", "2024-10-15").query("limit", "100")
                .jwt("bench", ORG, "org.read", "org.user.read", TOKEN_PERMISSIONS).build();
    }

    static APIGatewayV2HTTPEvent cancelEvent(String inviteId) {
        return HttpApiEvents.request("DELETE", "/orgs/{org_id}/invites/{invite_id}").typicalHeaders()
                .path("org_id", ORG).path("invite_id", inviteId).query("version", "2024-10-15")
                .jwt("bench", ORG, "org.read", "org.user.read", TOKEN_PERMISSIONS).build();
    }

    static void check(APIGatewayV2HTTPResponse response, int status) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("expected " + status + ": " + response.getBody());
        }
    }

    @Benchmark
    public APIGatewayV2HTTPResponse createInvite() {
        createClock.advance(ONE_SECOND);
        return create.handleRequest(createEvent, null);
    }

    /**
     * A create with an {@code Idempotency-Key}, a new one each time (a retry's replay is not the cost of interest): the
     * key's validation and digests, the reservation and the recorded answer, beside {@link #createInvite}. Keys
     * cycle through more than a day of the clock's seconds, so a key comes back only after its record expired and
     * the store's memory stays flat.
     */
    @Benchmark
    public APIGatewayV2HTTPResponse createInviteWithIdempotencyKey(IdempotentCreation creation) {
        return creation.create();
    }

    @State(Scope.Benchmark)
    public static class IdempotentCreation {
        private static final int KEYS = 100_000;
        private final MutableClock clock = new MutableClock(Instant.now());
        private CreateInviteHandler create;
        private APIGatewayV2HTTPEvent event;
        private int next;

        @Setup
        public void setUp() {
            InMemoryStore store = new InMemoryStore(ONE_SECOND);
            store.directory().putRole(ORG, ROLE, "Developer");
            create = new CreateInviteHandler(store.invitations(), store.idempotencyKeys(), clock, RequestLog.discard());
            event = HttpApiEvents.request("POST", "/orgs/{org_id}/invites").typicalHeaders().path("org_id", ORG)
                    .query("version", "2024-10-15").jwt("bench", ORG, TOKEN_PERMISSIONS)
                    .header("idempotency-key", "\"bench-0\"")
                    .json("{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":"
                            + "\"Ada.Lovelace@example.com\",\"role\":\"" + ROLE + "\"}}}").build();
            check(create(), 201);
            check(create(), 201);
        }

        APIGatewayV2HTTPResponse create() {
            clock.advance(ONE_SECOND);
            next = (next + 1) % KEYS;
            event.getHeaders().put("idempotency-key", "\"bench-" + next + "\"");
            return create.handleRequest(event, null);
        }
    }

    @Benchmark
    public APIGatewayV2HTTPResponse listPageOf100() {
        return list.handleRequest(listEvent, null);
    }

    @Benchmark
    public APIGatewayV2HTTPResponse cancelInvite(Cancellation cancellation) {
        return cancellation.cancel.handleRequest(cancellation.event, null);
    }
}
