package dev.orginvites.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;

/**
 * A function's handler: the request pipeline in front of one operation's own work ({@link #handle}). A subclass
 * passes its {@link Operation} and says what the operation does; how the handler is built in Lambda (clock and log
 * from the environment) and primed for SnapStart is the same for every function and lives here. The store's ports
 * are the subclass's own: its no-argument constructor is the function's composition root, the one place that names
 * the store's adapter, so this generic layer names no store at all.
 */
public abstract class OperationHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final RequestPipeline pipeline;
    /** Held because CRaC holds its resources weakly: without this, priming could be collected before it runs. */
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final Priming priming;

    /**
     * The Lambda runtime's path (through the subclass's no-argument constructor): the log on stdout (keyed with
     * {@code LOG_PSEUDONYM_KEY}; see {@link RequestLog#stdout}), and SnapStart priming registered. Priming runs before
     * the snapshot, after the subclass's constructor has made its ports: the same pipeline and work on the same
     * ports, with its log discarded, as it is not traffic.
     */
    protected OperationHandler(Operation operation) {
        this.pipeline = new RequestPipeline(operation, Clock.systemUTC(), RequestLog.stdout(System.getenv()::get));
        RequestPipeline quiet = new RequestPipeline(operation, Clock.systemUTC(), RequestLog.discard());
        this.priming = Priming.register((event, context) -> quiet.handle(event, context, this::handle),
                operation);
    }

    /** Off Lambda (tests, the local API, benchmarks): on the clock and log given, not primed. */
    protected OperationHandler(Operation operation, Clock clock, RequestLog log) {
        this.pipeline = new RequestPipeline(operation, clock, log);
        this.priming = null;
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return pipeline.handle(event, context, this::handle);
    }

    /** The operation's own work, given a request that passed the pipeline's checks. */
    protected abstract ApiResponse handle(CheckedRequest request);
}
