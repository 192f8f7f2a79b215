package dev.orginvites.local;

import com.sun.net.httpserver.HttpServer;
import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.LoopbackServers;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.resend.ResendSettings;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * The API on a laptop, in one process: a DynamoDB emulator (moto_server, or {@code DYNAMODB_ENDPOINT}), the table
 * as template.yaml defines it, seeded orgs and roles, and the template's routes served over HTTP by the same handler
 * classes Lambda runs (each built from the operation it declares), invoked with the events API Gateway would send.
 *
 * <pre>
 *   java -jar local/target/org-invites-local.jar [--port N] [--base-path /rest] [--seed FILE] [--template FILE]
 * </pre>
 *
 * Environment: {@code PORT} (default 3000), {@code BASE_PATH} (default none: the root), {@code SEED_FILE},
 * {@code LOCAL_JWT_SECRET} (HS256 secret for tokens),
 * {@code DYNAMODB_ENDPOINT}, {@code TABLE_NAME} (default org-invites-local), {@code INVITE_TTL} (default P7D),
 * {@code INVITE_QUOTA} (default 50),
 * {@code RESEND_INTERVAL} (default PT5M, read by resend-invite's handler), {@code MAIL_FROM} and {@code ACCEPT_URL}
 * (the mailer's; by default a local sender and the local API's own {@code /_local/accept}).
 *
 * <p>The invitation loop runs as deployed ({@link MailLoop}): the table's stream feeds deliver-invites, what it asks
 * SES to send is kept in the outbox, and {@code /_local/} serves the outbox and invitee tokens
 * ({@link LocalEndpoints}).
 */
public final class LocalApi implements AutoCloseable {
    static final String DEFAULT_TABLE = "org-invites-local";
    /** The version the printed commands ask for. */
    static final String VERSION = "2024-10-15";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
    /**
     * How long a client may take to send a whole request; its connection is closed after that. Each request has a
     * thread of its own while it is read and answered, so a slow or half-sent request holds only its own thread,
     * and only this long.
     */
    static final Duration REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);
    /**
     * What a base path may be: empty, or a slash and a name API Gateway allows a stage (the deployed API serves a
     * base path as a named stage; see the template's {@code BasePath}).
     */
    static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9_-]{1,128})?");
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: ./local-api [--port N] [--base-path /rest] [--seed FILE] [--template FILE]",
            "",
            "Serves the org-invites API on http://127.0.0.1:<port> with a DynamoDB emulator, as API Gateway and",
            "Lambda would serve it.",
            "",
            "  --port N         the port on 127.0.0.1, 0 for a free one (env PORT; default 3000)",
            "  --base-path /P   serve everything under /P, as the template's BasePath does, e.g. /rest for",
            "                   Snyk's base URL (env BASE_PATH; default none: the root)",
            "  --seed FILE      orgs and roles to start with (env SEED_FILE; default a demo org):",
            "                   {\"orgs\":[{\"id\":\"<uuid>\",\"roles\":[{\"id\":\"<uuid>\",\"name\":\"Developer\"}]}]}",
            "                   (an org's \"name\" is optional; ./org-invites-admin changes them later)",
            "  --template FILE  where the routes and the table come from (default ./template.yaml)",
            "  --help           this text",
            "",
            "Environment: LOCAL_JWT_SECRET (HS256 secret, 32 bytes or more), DYNAMODB_ENDPOINT, TABLE_NAME, INVITE_TTL,",
            "INVITE_QUOTA (invitation emails an org may send in 24 hours, default 50),",
            "RESEND_INTERVAL, MAIL_FROM (the mailer's sender), ACCEPT_URL (the emails' link, with {token}),",
            "CORS_ALLOWED_ORIGINS (origins a browser may call from, separated by commas; default none: CORS off).",
            "The table's stream feeds deliver-invites as Lambda would; GET /_local/outbox shows what it sent,",
            "GET /_local/token?sub=...&email=... mints an invitee's token (no token needed for /_local/).",
            "Tokens: 'Authorization: Bearer <JWT>' (or the JWT alone), HS256, iss " + TokenVerifier.ISSUER + ", aud "
                    + TokenVerifier.AUDIENCE + ", exp in the future.");

    private final DynamoEmulator emulator;
    private final MailLoop mail;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Seed seed;
    private final TokenVerifier tokens;
    private final String table;
    private final String basePath;
    /** Every permission an operation needs, as the operations served declare them. */
    private final List<String> permissions;

    private LocalApi(DynamoEmulator emulator, MailLoop mail, HttpServer server, ExecutorService executor, Seed seed,
            TokenVerifier tokens, String table, String basePath, List<String> permissions) {
        this.emulator = emulator;
        this.table = table;
        this.mail = mail;
        this.server = server;
        this.executor = executor;
        this.seed = seed;
        this.tokens = tokens;
        this.basePath = basePath;
        this.permissions = permissions;
    }

    public static void main(String[] args) {
        Map<String, String> options;
        try {
            options = options(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.containsKey("help")) {
            System.out.println(USAGE);
            return;
        }
        LocalApi api;
        try {
            api = start(options, System.out);
        } catch (IOException | RuntimeException e) {
            System.err.println("The local API did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local API and the DynamoDB emulator.");
            api.close();
        }));
        api.printWelcome(System.out);
    }

    /** Starts everything; {@code out} gets the request log. */
    static LocalApi start(Map<String, String> options, PrintStream out) throws IOException {
        SamTemplate template = options.containsKey("template")
                ? SamTemplate.load(Paths.get(options.get("template"))) : SamTemplate.locate();
        Seed seed = options.containsKey("seed") ? Seed.read(Path.of(options.get("seed"))) : Seed.demo();
        TokenVerifier tokens = new TokenVerifier(options.getOrDefault("secret", TokenVerifier.DEFAULT_SECRET),
                Clock.systemUTC());
        int port = port(options.getOrDefault("port", "3000"));
        String basePath = basePath(options.getOrDefault("basePath", ""));
        Throttle throttle = Throttle.of(template, System::nanoTime); // before anything starts: it may refuse

        if (System.getenv("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "local"); // the emulator takes any credentials
            System.setProperty("aws.secretAccessKey", "local");
        }
        // The JDK's server reads this (in seconds) once, when the JVM's first server is made: the emulator's proxy
        // is one, so it is set before the emulator starts, unless the user set it.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(REQUEST_READ_TIMEOUT.toSeconds()));
        }
        DynamoEmulator emulator = DynamoEmulator.start();
        MailLoop mail = null;
        HttpServer server = null;
        try {
            server = LoopbackServers.create(port, 64);
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
            Map<String, String> env = new HashMap<>();
            env.put("TABLE_NAME", options.getOrDefault("table", DEFAULT_TABLE));
            env.put("AWS_REGION", DynamoEmulator.REGION);
            env.put("DYNAMODB_ENDPOINT", emulator.endpoint().toString());
            if (options.containsKey("ttl")) {
                env.put("INVITE_TTL", options.get("ttl"));
            }
            if (options.containsKey("quota")) {
                env.put("INVITE_QUOTA", options.get("quota"));
            }
            TableSettings settings = TableSettings.from(env);
            DynamoDbClient client = DynamoClients.create(settings);
            try {
                template.createTable(client, settings.tableName());
            } catch (ResourceInUseException exists) {
                // an emulator that DYNAMODB_ENDPOINT names may have the table from an earlier run
            }
            DynamoTable table = new DynamoTable(client, settings.tableName(), settings.inviteTtl(),
                    new InviteQuota(settings.inviteQuota()));
            seed.apply(table.directory());
            mail = MailLoop.start(template, client, settings.tableName(), table, emulator.endpoint(),
                    options.getOrDefault("mailFrom", MailLoop.DEFAULT_MAIL_FROM),
                    options.getOrDefault("acceptUrl", url + LocalEndpoints.PREFIX + "accept?token={token}"), basePath,
                    out);

            RequestLog log = new RequestLog(out); // pseudonyms keyed with a random key of this run
            List<Operation> operations = Operation.declaredBy(template.routeHandlerClasses());
            Operation.Services services = new Operation.Services(table, mail.tokenKeys(), Clock.systemUTC(), log);
            Router router = new Router(template.routes(), route -> handler(route, operations, services));
            Cors cors = Cors.of(template.api().path("CorsConfiguration"), options.get("corsOrigins"));
            server.createContext("/", new Gateway(router, tokens, log, new LocalEndpoints(mail.outbox(),
                    mail.eventLog(), tokens, url), cors, throttle, basePath));
            ExecutorService executor = Executors.newCachedThreadPool(request -> {
                Thread thread = new Thread(request, "local-api-request");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.start();
            return new LocalApi(emulator, mail, server, executor, seed, tokens, settings.tableName(), basePath,
                    Operation.permissionsOf(operations));
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.stop(0);
            }
            if (mail != null) {
                mail.close();
            }
            emulator.close();
            throw e;
        }
    }

    /**
     * The handler for a route of the template: the one the route's handler class declares, which must be for that
     * route, built on these services.
     */
    static Router.Handler handler(SamTemplate.Route route, List<Operation> operations, Operation.Services services) {
        for (Operation operation : operations) {
            if (operation.handlerClass().getName().equals(route.handlerClass())) {
                if (!operation.routeKey().equals(route.routeKey())) {
                    throw new IllegalStateException("template.yaml routes " + route.routeKey() + " to "
                            + route.handlerClass() + ", which declares " + operation.routeKey());
                }
                return operation.handlers().create(services)::handleRequest;
            }
        }
        throw new IllegalStateException("template.yaml routes " + route.routeKey() + " to " + route.handlerClass()
                + ", which declares no operation");
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Where the API is served: the port's root, or the base path on it. */
    String url() {
        return "http://127.0.0.1:" + port() + basePath;
    }

    /** A token for the first seeded org with every permission an operation needs. */
    String token() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "local-admin");
        claims.put("org_id", seed.orgs().get(0).id());
        claims.put("permissions", permissions);
        return tokens.issue(claims, TOKEN_LIFETIME);
    }

    void printWelcome(PrintStream out) {
        Seed.Org org = seed.orgs().get(0);
        out.println();
        out.println("org-invites is serving on " + url() + " (DynamoDB: " + emulator.endpoint() + ", table " + table
                + (emulator.started() ? ", moto_server started for this run" : "") + ")");
        for (Seed.Org each : seed.orgs()) {
            out.println("  org " + each.id() + (each.name() == null ? "" : "  " + each.name()));
            for (Seed.Role role : each.roles()) {
                out.println("    role " + role.id() + "  " + role.name());
            }
        }
        out.println();
        int last = permissions.size() - 1;
        String every = last < 1 ? String.join("", permissions)
                : String.join(", ", permissions.subList(0, last)) + " and " + permissions.get(last);
        out.println("A token for org " + org.id() + " with " + every + ", valid " + TOKEN_LIFETIME.toHours() + " h:");
        out.println();
        out.println("export API=" + url() + " ORG=" + org.id() + " ROLE=" + org.roles().get(0).id() + " OTHER_ROLE="
                + org.roles().get(Math.min(1, org.roles().size() - 1)).id() + " TOKEN=" + token());
        out.println();
        out.println("# tokens are checked as the deployed JWT authorizer checks them: 'Bearer <JWT>' or the JWT alone,");
        out.println("# here HS256 with LOCAL_JWT_SECRET, iss " + TokenVerifier.ISSUER + ", aud " + TokenVerifier.AUDIENCE
                + ", exp in the future");
        out.println("# The whole loop: invite -> the email in the outbox -> accept as the invitee -> the events on the bus");
        out.println("# -> invitation gone -> member -> another role -> removed -> invited again. A fresh invitee each run");
        out.println("# (ada-<time>-<shell>), so the steps run again as they ran the first time");
        out.println("RUN=$(date +%s)-$$; ADA=\"ada-$RUN@example.com\"");
        out.println("# 1. invite her (keeps the new invite's id in INVITE)");
        out.println("INVITE=$(curl -s -X POST \"$API/orgs/$ORG/invites?version=" + VERSION + "\" \\");
        out.println("  -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/vnd.api+json' \\");
        out.println("  -d '{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"'\"$ADA\"'\","
                + "\"role\":\"'\"$ROLE\"'\"}}}' \\");
        out.println("  | tee /dev/stderr | sed -E 's/.*\"data\":\\{\"id\":\"([^\"]+)\".*/\\1/'); echo");
        out.println("# 2. deliver-invites, fed from the table's stream as Lambda feeds it, emails ada; read the outbox");
        out.println("#    (what SES was asked to send her, newest last) and keep the newest accept link's token");
        out.println("until curl -s \"$API/_local/outbox?to=$ADA\" | grep -q accept_url; do sleep 0.2; done");
        out.println("curl -s \"$API/_local/outbox?to=$ADA\"; echo");
        out.println("LINK=$(curl -s \"$API/_local/outbox?to=$ADA\" | sed -E 's/.*\"accept_url\":\"([^\"]+)\".*/\\1/'); "
                + "ACCEPT_TOKEN=${LINK##*token=}");
        out.println("# 3. a token for ada (sub, email, email_verified, name), as her identity provider would issue it");
        out.println("INVITEE=$(curl -s \"$API/_local/token?sub=ada-$RUN&email=$ADA&name=Ada%20Lovelace\")");
        out.println("# 4. ada accepts the invitation (201, her membership)");
        out.println("curl -s -X POST \"$API/invites/accept?version=" + VERSION + "\" -H \"Authorization: Bearer $INVITEE\" \\");
        out.println("  -H 'Content-Type: application/vnd.api+json' \\");
        out.println("  -d '{\"data\":{\"type\":\"org_invitation_acceptance\",\"attributes\":{\"token\":\"'\"$ACCEPT_TOKEN\"'\"}}}'; echo");
        out.println("# 5. the service told the application: publish-events, fed from the stream too, put the invitation's");
        out.println("#    and the membership's events on the EventBridge bus, which /_local/events shows (newest last):");
        out.println("#    created, delivered, then the accept's org_invitation.accepted and org_membership.created");
        out.println("for e in org_invitation.accepted org_membership.created; do");
        out.println("  until curl -s \"$API/_local/events?email=$ADA\" | grep -q \"$e\"; do sleep 0.2; done; done");
        out.println("curl -s \"$API/_local/events?email=$ADA\" | grep -o '\"detail-type\":\"[^\"]*\"'");
        out.println("# 6. the invitation is gone (404)");
        out.println("curl -s -o /dev/null -w '%{http_code}\\n' \"$API/orgs/$ORG/invites/$INVITE?version=" + VERSION
                + "\" -H \"Authorization: Bearer $TOKEN\"");
        out.println("# 7. ada is a member: the members list filtered by her address (keeps her membership's id in MEMBER)");
        out.println("MEMBER=$(curl -s \"$API/orgs/$ORG/memberships?version=" + VERSION + "&email=$ADA\" "
                + "-H \"Authorization: Bearer $TOKEN\" \\");
        out.println("  | tee /dev/stderr | sed -E 's/.*\"data\":\\[\\{\"id\":\"([^\"]+)\".*/\\1/'); echo");
        out.println("# 8. give her another role (204)");
        out.println("curl -s -o /dev/null -w '%{http_code}\\n' -X PATCH \"$API/orgs/$ORG/memberships/$MEMBER?version="
                + VERSION + "\" \\");
        out.println("  -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/vnd.api+json' \\");
        out.println("  -d '{\"data\":{\"type\":\"org_membership\",\"id\":\"'\"$MEMBER\"'\",\"relationships\":"
                + "{\"role\":{\"data\":{\"type\":\"org_role\",\"id\":\"'\"$OTHER_ROLE\"'\"}}}}}'");
        out.println("# 9. remove her from the org (204)");
        out.println("curl -s -o /dev/null -w '%{http_code}\\n' -X DELETE \"$API/orgs/$ORG/memberships/$MEMBER?version="
                + VERSION + "\" \\");
        out.println("  -H \"Authorization: Bearer $TOKEN\"");
        out.println("# 10. and invite her again (201)");
        out.println("curl -s -o /dev/null -w '%{http_code}\\n' -X POST \"$API/orgs/$ORG/invites?version=" + VERSION
                + "\" \\");
        out.println("  -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/vnd.api+json' \\");
        out.println("  -d '{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"'\"$ADA\"'\","
                + "\"role\":\"'\"$ROLE\"'\"}}}'");
        out.println("# More: list pending invites with GET $API/orgs/$ORG/invites?version=" + VERSION + "&limit=10;");
        out.println("# resend one with POST $API/orgs/$ORG/invites/<id>/resend?version=" + VERSION
                + " (a new id and link; once RESEND_INTERVAL, " + ResendSettings.fromEnvironment().interval()
                + ", has passed);");
        out.println("# cancel one with DELETE $API/orgs/$ORG/invites/<id>?version=" + VERSION
                + ". An email's link leads to $API/_local/accept, which says how to accept.");
        out.println();
        out.println("Ctrl-C stops it. One JSON line per request follows.");
        out.flush();
    }

    /** Stops serving, then stops the emulator (which waits for a moto_server it started, and forces it if need be). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        mail.close();
        emulator.close();
    }

    /** Command-line flags override environment variables. */
    static Map<String, String> options(String[] args, Map<String, String> env) {
        Map<String, String> options = new HashMap<>();
        copy(env, "PORT", options, "port");
        copy(env, "BASE_PATH", options, "basePath");
        copy(env, "SEED_FILE", options, "seed");
        copy(env, "LOCAL_JWT_SECRET", options, "secret");
        copy(env, "TABLE_NAME", options, "table");
        copy(env, "INVITE_TTL", options, "ttl");
        copy(env, "INVITE_QUOTA", options, "quota");
        copy(env, "MAIL_FROM", options, "mailFrom");
        copy(env, "ACCEPT_URL", options, "acceptUrl");
        copy(env, "CORS_ALLOWED_ORIGINS", options, "corsOrigins");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                options.put("help", "");
                continue;
            }
            if (!List.of("--port", "--base-path", "--seed", "--template").contains(flag)) {
                throw new IllegalArgumentException("unknown option: " + flag);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            options.put(flag.equals("--base-path") ? "basePath" : flag.substring(2), args[++i]);
        }
        return options;
    }

    private static void copy(Map<String, String> env, String name, Map<String, String> options, String option) {
        String value = env.get(name);
        if (value != null && !value.isBlank()) {
            options.put(option, value.trim());
        }
    }

    private static String basePath(String text) {
        if (BASE_PATH.matcher(text).matches()) {
            return text;
        }
        throw new IllegalArgumentException("not a base path: " + text + " (a slash and 1 to 128 letters, digits, '-' or"
                + " '_', e.g. /rest, as API Gateway names a stage; or nothing, for the root)");
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("not a port: " + text);
    }
}
