package dev.orginvites.bench;

import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.EmulatorClients;
import dev.orginvites.devkit.EventServices;
import dev.orginvites.devkit.MailServices;
import dev.orginvites.bench.probe.FunctionProbe;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.http.Operation;
import dev.orginvites.shared.http.Priming;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.UserNames;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Cold starts as Lambda pays them: each run is a fresh JVM that loads a function's deployable jar, builds its handler
 * (init) and answers its first request against the emulator, then exits. Reference programs run the same way with
 * the same JVM and flags: a hello-world main (the JVM floor); a program that builds the DynamoDB client as the
 * functions do and makes one GetItem (the SDK floor); programs that make a create's two calls (GetItem, then
 * TransactWriteItems), a list's Query and the members list's GetItem and Query with the low-level client (the
 * functions' own SDK floors); and one that adds
 * to the SDK floor the least the functions' libraries cost: Jackson reading and writing a small document, a
 * builder-based StaticTableSchema that maps the GetItem's item (the library floor). Each function is reported as
 * ratios to the floors: the median, over the interleaved runs, of each run's ratio.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.orginvites.bench.ColdStart [--runs N] [--java PATH] [--aot]
 * </pre>
 *
 * {@code --aot} also trains a JDK AOT cache (JEP 483/514, JDK 25) per program on its real first request and measures
 * each program again with it.
 */
public final class ColdStart {
    /** The flags Lambda's Java runtimes start the JVM with that matter for a cold start. */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final String ROLE = "f1968726-1dca-42d4-a4dc-80cab99e2b6c";
    private static final String ORG = "5b1e0d3c-9a8f-4e7d-b6c5-a4f3e2d1c0b9";
    /** Invitations the mailer and its floor send, one a run: enough for 40 runs of both, with and without AOT. */
    private static final int MAILER_POOL = 200;

    /** @param ownFloor the reference program that makes the same DynamoDB calls with the low-level client, or null */
    record Program(String name, Path jar, String main, List<String> args, String ownFloor) {
    }

    record Sample(long bootMicros, long initMicros, long firstMicros, long cpuMicros, long rssKb, int status) {
        long totalMicros() {
            return initMicros + firstMicros;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "10"));
        String java = options.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        boolean aot = options.containsKey("aot");
        SamTemplate template = SamTemplate.locate();
        Path root = template.path().getParent();
        Path probe = probeJar(root);

        try (DynamoEmulator emulator = DynamoEmulator.start()) {
            Map<String, String> env = environment(emulator);
            List<Program> programs = programs(root);
            Map<String, List<String>> variants = new LinkedHashMap<>();
            variants.put("", LAMBDA_FLAGS);
            Path work = Files.createTempDirectory("cold-start");
            if (aot) {
                for (Program program : programs) {
                    Path cache = work.resolve(program.name() + ".aot");
                    List<String> train = new ArrayList<>(LAMBDA_FLAGS);
                    train.add("-XX:AOTCacheOutput=" + cache);
                    run(java, train, probe, program, env, 0); // the training run: a real first request
                    if (!Files.exists(cache)) {
                        throw new IllegalStateException("no AOT cache was written for " + program.name()
                                + ": --aot needs JDK 25 (--java)");
                    }
                }
                variants.put("+aot", null);
            }

            System.out.println("JVM: " + version(java) + "; flags: " + String.join(" ", LAMBDA_FLAGS) + "; runs: " + runs
                    + "; emulator: " + emulator.moto());
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            for (int i = -1; i < runs; i++) { // run -1 warms the disk cache and the emulator and is not kept
                for (Program program : programs) {
                    for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                        List<String> flags = variant.getValue() != null ? variant.getValue()
                                : aotFlags(work.resolve(program.name() + ".aot"));
                        Sample sample = run(java, flags, probe, program, env, i);
                        if (i >= 0) {
                            samples.computeIfAbsent(program.name() + variant.getKey(), k -> new ArrayList<>()).add(sample);
                        }
                    }
                }
            }
            Map<String, Long> classes = new LinkedHashMap<>();
            for (Program program : programs) {
                classes.put(program.name(), loadedClasses(java, probe, program, env, work));
            }
            print(samples, classes, programs);
        }
    }

    /**
     * A fresh table on the emulator holding the role the create request names, and the environment a function's
     * JVM reads its configuration from.
     */
    static Map<String, String> environment(DynamoEmulator emulator) throws IOException {
        TableSettings settings = BenchTable.create("cold-start", emulator.moto(), true);
        // The emulator's client (long timeouts), not the functions': moto copies the whole table, stream included, for
        // every transaction, so the pool's later creates can outlast the functions' 2 s attempt, and moto, which
        // ignores the retry's ClientRequestToken, would answer the retry of a create that committed with a 409.
        DynamoTable store = new DynamoTable(EmulatorClients.create(emulator.moto()), settings.tableName(),
                settings.inviteTtl(), new InviteQuota(settings.inviteQuota()));
        store.directory().putRole(ORG, ROLE, "Developer");
        // The mailer's pool and every run's create are sends of one org, within a day: more than the default quota.
        store.directory().setInviteQuota(ORG, InviteQuota.MAX);
        // Named, as an org whose members and emails show its name: the list and the mailer read it.
        store.directory().nameOrg(ORG, "Cold Start Org");
        Map<String, String> env = new LinkedHashMap<>(Map.of("TABLE_NAME", settings.tableName(),
                "AWS_REGION", DynamoEmulator.REGION, "DYNAMODB_ENDPOINT", emulator.moto().toString(),
                "AWS_ACCESS_KEY_ID", "bench", "AWS_SECRET_ACCESS_KEY", "bench"));
        // As the template resolves LogPseudonymKey into every function's environment: a generated 64-character value.
        env.put(RequestLog.KEY_VARIABLE, UUID.randomUUID().toString().replace("-", "")
                + UUID.randomUUID().toString().replace("-", ""));
        env.putAll(mailer(emulator.moto(), store));
        // The publisher's bus, on moto's EventBridge (reached through AWS_ENDPOINT_URL too).
        try (EventBridgeClient events = EventServices.events(emulator.moto())) {
            env.put("EVENT_BUS", EventServices.createBus(events, "cold-start-" + UUID.randomUUID()));
        }
        return env;
    }

    /**
     * What the mailer's runs need besides the table: SES and the token secret on moto (the SDK reaches both through
     * {@code AWS_ENDPOINT_URL}), its settings, and a pool of pending invitations, one for each run to send.
     */
    private static Map<String, String> mailer(URI moto, DynamoTable store) throws IOException {
        String mailFrom = "invites@example.com";
        try (SesV2Client ses = MailServices.ses(moto); SecretsManagerClient secrets = MailServices.secrets(moto)) {
            MailServices.verifyIdentity(ses, "example.com");
            String secret = MailServices.createTokenSecret(secrets);
            Path pool = Files.createTempDirectory("mailer-pool").resolve("invitations.tsv");
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < MAILER_POOL; i++) {
                Invite invite = store.invitations().create(ORG, "cold-" + i + "-" + UUID.randomUUID() + "@example.com",
                        ROLE, "bench", new UserNames("Bench Inviter", null), Instant.now());
                String nonce = store.invitations().issued(ORG, invite.id(), Instant.now()).orElseThrow().tokenNonce();
                lines.append("ORG#").append(ORG).append('\t').append("INVITE#").append(invite.id()).append('\t')
                        .append(nonce).append('\n');
            }
            Files.writeString(pool, lines);
            return Map.of("AWS_ENDPOINT_URL", moto.toString(), "MAIL_FROM", mailFrom,
                    "ACCEPT_URL", "https://app.example.com/accept?token={token}", "TOKEN_SECRET_ID", secret,
                    "INVITATION_POOL", pool.toString());
        }
    }

    private static List<String> aotFlags(Path cache) {
        List<String> flags = new ArrayList<>(LAMBDA_FLAGS);
        flags.add("-XX:AOTCache=" + cache);
        return flags;
    }

    /**
     * The reference programs, then every function of template.yaml in its order: an API operation's first request is
     * its first priming request, made in the seeded org (but where {@link #REQUESTS} says otherwise), by a caller
     * with the operation's permissions, for its newest release; a function the table's stream invokes, its probe's
     * one record ({@link #STREAM_PROBES}); one an SQS queue invokes is record-feedback.
     */
    static List<Program> programs(Path root) {
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        Map<String, Operation> operations = new LinkedHashMap<>();
        for (Operation operation : Operation.declaredBy(template.routeHandlerClasses())) {
            operations.put(operation.handlerClass().getName(), operation);
        }
        List<String> queueReaders = template.queueSubscriptions().stream()
                .map(SamTemplate.QueueSubscription::handlerClass).toList();
        List<Program> programs = new ArrayList<>(List.of(
                new Program("jvm-floor", null, "dev.orginvites.bench.probe.HelloProbe", List.of(), null),
                new Program("sdk-floor", functionJar(root, "list-invites"), "dev.orginvites.bench.probe.SdkFloorProbe",
                        List.of("ORG#" + ORG, "ROLE#" + ROLE), null),
                new Program("sdk-create-floor", functionJar(root, "create-invite"),
                        "dev.orginvites.bench.probe.SdkTransactionFloorProbe", List.of("ORG#" + ORG, "ROLE#" + ROLE), null),
                new Program("sdk-list-floor", functionJar(root, "list-invites"),
                        "dev.orginvites.bench.probe.SdkQueryFloorProbe", List.of("ORG#" + ORG), null),
                new Program("sdk-members-floor", functionJar(root, "list-memberships"),
                        "dev.orginvites.bench.probe.SdkQueryFloorProbe", List.of("ORG#" + ORG, "members"), null),
                new Program("library-floor", functionJar(root, "list-invites"),
                        "dev.orginvites.bench.probe.LibraryFloorProbe", List.of("ORG#" + ORG, "ROLE#" + ROLE), null),
                new Program("sdk-accept-floor", functionJar(root, "accept-invite"),
                        "dev.orginvites.bench.probe.SdkAcceptFloorProbe",
                        List.of("ORG#" + ORG, "INVITE#" + Priming.ABSENT_INVITE), null),
                new Program("sdk-mailer-floor", functionJar(root, "deliver-invites"),
                        "dev.orginvites.bench.probe.SdkMailerFloorProbe", List.of(), null),
                new Program("sdk-events-floor", functionJar(root, "publish-events"),
                        "dev.orginvites.bench.probe.SdkEventsFloorProbe", List.of(), null)));
        for (SamTemplate.LambdaFunction function : template.functions()) {
            String name = function.name();
            Operation operation = operations.get(function.handlerClass());
            if (operation != null) {
                programs.add(operation(root, name, operation));
            } else if (STREAM_PROBES.containsKey(function.handlerClass())) {
                programs.add(new Program(name, functionJar(root, name), STREAM_PROBES.get(function.handlerClass()),
                        List.of(function.handlerClass()), OWN_FLOORS.get(name)));
            } else if (queueReaders.contains(function.handlerClass())) {
                // one SES bounce for an invitation that is gone: the UpdateItem refused, the GetItem that says why
                programs.add(new Program(name, functionJar(root, name), "dev.orginvites.bench.probe.FeedbackProbe",
                        List.of(function.handlerClass(), ORG), OWN_FLOORS.get(name)));
            } else {
                throw new IllegalStateException(function.id() + " is neither an API operation, a stream function "
                        + "with a probe nor record-feedback: give ColdStart a probe for it");
            }
        }
        return programs;
    }

    /**
     * The probe of each function the table's stream invokes: the mailer, a new invitation each run (the token key
     * read, the invitation read, sent, its delivery recorded); the publisher, a membership's record (its event put).
     */
    private static final Map<String, String> STREAM_PROBES = Map.of(
            "dev.orginvites.deliver.DeliverInvitesHandler", "dev.orginvites.bench.probe.MailerProbe",
            "dev.orginvites.events.PublishEventsHandler", "dev.orginvites.bench.probe.PublisherProbe");

    /**
     * The functions whose DynamoDB calls a reference program makes with the low-level client; a function not named
     * has no own floor (its column is left empty).
     */
    private static final Map<String, String> OWN_FLOORS = Map.ofEntries(Map.entry("create-invite", "sdk-create-floor"),
            // an add is a create's calls: GetItem of the role, then a transaction of a condition check and two puts
            Map.entry("create-membership", "sdk-create-floor"),
            Map.entry("list-invites", "sdk-list-floor"), Map.entry("list-memberships", "sdk-members-floor"),
            // one GetItem above any expiry floor, finding nothing
            Map.entry("cancel-invite", "sdk-floor"), Map.entry("get-invite", "sdk-floor"),
            Map.entry("resend-invite", "sdk-floor"),
            // one GetItem, finding nothing: the role a role change names (400), the membership a removal names (404)
            Map.entry("update-membership", "sdk-floor"), Map.entry("delete-membership", "sdk-floor"),
            // a well-formed token for an invitation that does not exist: one GetItem, 404
            Map.entry("accept-invite", "sdk-accept-floor"),
            Map.entry("deliver-invites", "sdk-mailer-floor"),
            // one PutEvents of one entry
            Map.entry("publish-events", "sdk-events-floor"));

    /**
     * A first request other than the priming one: a create with the seeded role and a new address each run, and an
     * add of a new user each run, each its whole path to 201 ({@code %s} is the address, or the user's id; priming's
     * create and add are refused, 400, before they write).
     */
    private static final Map<String, String> REQUESTS = Map.of("create-invite",
            "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"%s\",\"role\":\"" + ROLE + "\"}}}",
            "create-membership", "{\"data\":{\"type\":\"org_membership\",\"relationships\":{\"org\":{\"data\":"
                    + "{\"type\":\"org\",\"id\":\"" + ORG + "\"}},\"role\":{\"data\":{\"type\":\"org_role\",\"id\":\"" + ROLE
                    + "\"}},\"user\":{\"data\":{\"type\":\"user\",\"id\":\"%s\"}}}}}");

    /** An API operation's program: FunctionProbe's arguments for its first request. */
    private static Program operation(Path root, String name, Operation operation) {
        Operation.PrimingRequest primed = operation.priming().get(0);
        Map<String, String> parameters = new TreeMap<>(primed.pathParameters());
        if (operation.underOrg()) {
            parameters.put("org_id", ORG); // the seeded org, not priming's
        }
        String body = REQUESTS.getOrDefault(name, primed.body());
        return new Program(name, functionJar(root, name), "dev.orginvites.bench.probe.FunctionProbe",
                List.of(operation.handlerClass().getName(), operation.method(), operation.path(),
                        FunctionProbe.parameters(parameters), body == null ? "-" : body,
                        operation.permissions().isEmpty() ? "-" : String.join(" ", operation.permissions()),
                        primed.version()),
                OWN_FLOORS.get(name));
    }

    static Path functionJar(Path root, String function) {
        Path jar = root.resolve("functions").resolve(function).resolve("target").resolve(function + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        return jar;
    }

    static Path probeJar(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("benchmarks").resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-probe.jar")).findFirst().orElseThrow(
                    () -> new IllegalStateException("the probe jar is missing: build benchmarks first"));
        }
    }

    /** One fresh JVM: spawn, wait, read the probe's line. */
    static Sample run(String java, List<String> flags, Path probe, Program program, Map<String, String> env, int run)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.add("-cp");
        command.add(program.jar() == null ? probe.toString() : program.jar() + File.pathSeparator + probe);
        command.add(program.main());
        for (String arg : program.args()) {
            command.add(arg.contains("%s") ? String.format(arg, "cold" + run + "-" + UUID.randomUUID() + "@example.com")
                    : arg);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(env);
        long spawn = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(program.name() + " failed: " + output);
        }
        String line = output.lines().filter(l -> l.startsWith("PROBE ")).findFirst()
                .orElseThrow(() -> new IllegalStateException(program.name() + " printed no PROBE line: " + output));
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : line.substring(6).split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return new Sample(values.get("main") - spawn, values.get("ready") - spawn, values.get("done") - values.get("ready"),
                values.get("cpu"), values.get("rss"), values.get("status").intValue());
    }

    /** Classes the JVM loads for the program's cold start (a separate, untimed run with class-load logging). */
    static long loadedClasses(String java, Path probe, Program program, Map<String, String> env, Path work)
            throws IOException, InterruptedException {
        Path log = work.resolve(program.name() + ".classes");
        List<String> flags = new ArrayList<>(LAMBDA_FLAGS);
        flags.add("-Xlog:class+load=info:file=" + log);
        run(java, flags, probe, program, env, 0);
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("source:")).count();
        }
    }

    static long median(List<Sample> samples, ToLongFunction<Sample> field) {
        long[] values = samples.stream().mapToLong(field).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /**
     * The median of the run-by-run ratios of two programs' cold starts. Runs are interleaved, so run i of each program
     * shares the machine's state of the moment; a ratio within a run cancels what a slow stretch adds to both.
     */
    static double pairedRatio(List<Sample> measured, List<Sample> floor) {
        double[] ratios = new double[measured.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = (double) measured.get(i).totalMicros() / floor.get(i).totalMicros();
        }
        Arrays.sort(ratios);
        return ratios.length % 2 == 1 ? ratios[ratios.length / 2]
                : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    }

    private static void print(Map<String, List<Sample>> samples, Map<String, Long> classes, List<Program> programs)
            throws IOException {
        System.out.println();
        System.out.println("| program | status | JVM start ms | init ms | first request ms | init + first ms "
                + "| × JVM floor | × SDK floor | × own SDK floor | × library floor | CPU ms | peak RSS MB | classes loaded "
                + "| jar MB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Sample>> entry : samples.entrySet()) {
            List<Sample> s = entry.getValue();
            String base = entry.getKey().replace("+aot", "");
            Program program = programs.stream().filter(p -> p.name().equals(base)).findFirst().orElseThrow();
            String own = program.ownFloor() == null ? "" : String.format(Locale.ROOT, "%.2f", pairedRatio(s,
                    samples.get(program.ownFloor() + (entry.getKey().endsWith("+aot") ? "+aot" : ""))));
            System.out.printf(Locale.ROOT,
                    "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %s | %.2f | %.0f | %.0f | %s | %s |%n",
                    entry.getKey(), Arrays.toString(s.stream().mapToInt(Sample::status).distinct().toArray()),
                    median(s, Sample::bootMicros) / 1000.0, median(s, Sample::initMicros) / 1000.0,
                    median(s, Sample::firstMicros) / 1000.0, median(s, Sample::totalMicros) / 1000.0,
                    pairedRatio(s, samples.get("jvm-floor")), pairedRatio(s, samples.get("sdk-floor")), own,
                    pairedRatio(s, samples.get("library-floor")), median(s, Sample::cpuMicros) / 1000.0,
                    median(s, Sample::rssKb) / 1024.0, entry.getKey().endsWith("+aot") ? "" : classes.get(base),
                    program.jar() == null || entry.getKey().contains("floor") || entry.getKey().endsWith("+aot") ? ""
                            : String.format(Locale.ROOT, "%.2f", Files.size(program.jar()) / 1048576.0));
        }
    }

    private static String version(String java) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out.lines().skip(1).findFirst().orElse(out).trim();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs", "--java" -> options.put(args[i].substring(2), args[++i]);
                case "--aot" -> options.put("aot", "true");
                default -> throw new IllegalArgumentException("usage: [--runs N] [--java PATH] [--aot]");
            }
        }
        return options;
    }
}
