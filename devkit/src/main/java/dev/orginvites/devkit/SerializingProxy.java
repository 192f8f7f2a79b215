package dev.orginvites.devkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback proxy in front of moto that gives it two guarantees DynamoDB makes and moto does not:
 *
 * <ul>
 *   <li><b>Serializable transactions.</b> moto's server handles requests on threads without isolating one
 *       transaction from another; under load two concurrent transactions both pass a condition only one should. The
 *       proxy forwards one request at a time, in arrival order, so every call sees the effect of the ones before.
 *   <li><b>{@code ClientRequestToken} on {@code TransactWriteItems}</b>, as DynamoDB documents it: a call repeating a
 *       token within 10 minutes of the first successful call with it succeeds without applying again; the same token
 *       with other parameters is an {@code IdempotentParameterMismatchException} (400); a token whose first call
 *       failed is tried again. The SDK sends the same token on every retry of one call, so a retry after an
 *       abandoned attempt that did commit does not write twice.
 *   <li><b>Stream reads that see only committed writes.</b> moto applies a {@code TransactWriteItems} item by item
 *       and, when one fails, puts back a deep copy of each table taken before the call. The copy's stream shard has
 *       the same id and the same records as the shard had before the call (their sequence numbers included); the
 *       writes after it get the sequence numbers the rolled-back writes had. The shard that was replaced keeps the
 *       rolled-back writes and never gets another, and every shard iterator handed out before reads it. So after a
 *       {@code TransactWriteItems} that failed, the proxy answers a {@code GetRecords} with any iterator handed out
 *       before it {@code ExpiredIteratorException}, as DynamoDB answers one older than 15 minutes (which the proxy
 *       also does); a reader then takes a new iterator after the last sequence number it read, as it must on
 *       DynamoDB, and reads the shard that holds what was committed. One request at a time, no read sees a
 *       transaction half applied.
 * </ul>
 */
public final class SerializingProxy implements AutoCloseable {
    /** How long DynamoDB remembers a client request token after the call that first used it. */
    static final Duration TOKEN_WINDOW = Duration.ofMinutes(10);
    private static final String TRANSACT_WRITE_ITEMS = "DynamoDB_20120810.TransactWriteItems";
    private static final String TOKEN = "ClientRequestToken";
    /** How long DynamoDB Streams honours a shard iterator. */
    static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(15);
    private static final String GET_SHARD_ITERATOR = "DynamoDBStreams_20120810.GetShardIterator";
    private static final String GET_RECORDS = "DynamoDBStreams_20120810.GetRecords";
    /** Headers the HTTP client sets itself and may not be copied from the request. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI upstream;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    /** One request reaches the upstream at a time, the longest waiting first. */
    private final ReentrantLock turn = new ReentrantLock(true);
    /** Guarded by {@link #turn}. */
    private final Map<String, Completed> tokens = new HashMap<>();
    /**
     * The shard iterators handed out since the last {@code TransactWriteItems} that failed, each with when, oldest
     * first. Guarded by {@link #turn}.
     */
    private final LinkedHashMap<String, Instant> iterators = new LinkedHashMap<>();

    /** A successful {@code TransactWriteItems}, remembered by its token. */
    private record Completed(JsonNode request, Answer answer, Instant at) {
    }

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    public SerializingProxy(URI upstream, Clock clock) throws IOException {
        this.upstream = upstream;
        this.clock = clock;
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "serializing-proxy");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
        this.server = LoopbackServers.create(0, 512);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("x-amz-target");
            Answer answer;
            turn.lock();
            try {
                answer = switch (target == null ? "" : target) {
                    case TRANSACT_WRITE_ITEMS -> transactWrite(exchange, body);
                    case GET_SHARD_ITERATOR -> handOut(forward(exchange, body), "ShardIterator");
                    case GET_RECORDS -> getRecords(exchange, body);
                    default -> forward(exchange, body);
                };
            } finally {
                turn.unlock();
            }
            respond(exchange, answer);
        } catch (IOException clientGone) {
            // the client abandoned the attempt (its timeout); what was forwarded stands, as it would in DynamoDB
        }
    }

    private Answer transactWrite(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = parse(body);
        String token = request != null && request.path(TOKEN).isTextual() ? request.path(TOKEN).asText() : null;
        if (token == null) {
            return applied(forward(exchange, body));
        }
        JsonNode parameters = ((ObjectNode) request.deepCopy()).without(TOKEN);
        Instant now = clock.instant();
        tokens.values().removeIf(done -> !now.isBefore(done.at().plus(TOKEN_WINDOW)));
        Completed earlier = tokens.get(token);
        if (earlier != null) {
            return earlier.request().equals(parameters) ? earlier.answer() : mismatch();
        }
        Answer answer = applied(forward(exchange, body));
        if (answer.status() == 200) {
            tokens.put(token, new Completed(parameters, answer, clock.instant()));
        }
        return answer;
    }

    /** A transaction moto answered: one that failed replaced its tables, and their streams' shards, with copies. */
    private Answer applied(Answer answer) {
        if (answer.status() != 200) {
            iterators.clear();
        }
        return answer;
    }

    private Answer getRecords(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = parse(body);
        JsonNode iterator = request == null ? null : request.path("ShardIterator");
        if (iterator == null || !iterator.isTextual()) {
            return forward(exchange, body);
        }
        Instant now = clock.instant();
        Iterator<Instant> oldest = iterators.values().iterator();
        while (oldest.hasNext() && !now.isBefore(oldest.next().plus(ITERATOR_LIFETIME))) {
            oldest.remove();
        }
        if (!iterators.containsKey(iterator.asText())) {
            return expired();
        }
        return handOut(forward(exchange, body), "NextShardIterator");
    }

    /** Remembers the iterator an answer hands out. */
    private Answer handOut(Answer answer, String field) {
        JsonNode body = answer.status() == 200 ? parse(answer.body()) : null;
        if (body != null && body.path(field).isTextual()) {
            iterators.put(body.path(field).asText(), clock.instant());
        }
        return answer;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** DynamoDB's error for a token reused with other parameters. */
    private static Answer mismatch() {
        String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException\","
                + "\"message\":\"The request uses the same client token as a previous, but non-identical request.\"}";
        return new Answer(400, Map.of("Content-Type", List.of("application/x-amz-json-1.0")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** DynamoDB Streams' error for an iterator past its lifetime (here also: from before a rolled-back transaction). */
    private static Answer expired() {
        String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ExpiredIteratorException\","
                + "\"message\":\"The shard iterator has expired and can no longer be used to retrieve stream records.\"}";
        return new Answer(400, Map.of("Content-Type", List.of("application/x-amz-json-1.0")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private Answer forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException upstreamDown) {
            String error = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                    + "\"message\":\"The emulator behind the proxy did not answer.\"}";
            return new Answer(500, Map.of("Content-Type", List.of("application/x-amz-json-1.0")),
                    error.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
