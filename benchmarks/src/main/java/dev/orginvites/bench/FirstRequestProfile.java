package dev.orginvites.bench;

import dev.orginvites.bench.ColdStart.Program;
import dev.orginvites.bench.ColdStart.Sample;
import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a function's first request spends its time: the cold-start runs of {@link ColdStart} again, each under
 * async-profiler (wall clock, a sample of each thread every 100 µs), and the samples taken inside the
 * handler split by what they were running. The split is what BENCHMARKS.md's breakdown of the cold start is made of.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.orginvites.bench.FirstRequestProfile [--runs N] [--java PATH]
 * </pre>
 *
 * <p>A sample counts for the first of these it contains: a DynamoDB call (the SDK's client at work), the enhanced
 * client (schemas, item mapping), Jackson, the SDK's model classes (their first use outside a call); else, our code
 * loading a class (the profile cannot say whose: loading the first class of a library's API shows under the frame of
 * ours that named it), or our code running, with the JDK under it. Profiling slows a run down, so the shares are what
 * to read; the milliseconds apply them to the profiled runs' median first request.
 */
public final class FirstRequestProfile {
    private static final String HANDLER_FRAME = "Handler.handleRequest";
    /** The categories a frame marks, in the order a sample is tested against them, with the frame of each. */
    private static final Map<String, String> MARKED = marked();
    /**
     * Samples in our code that are loading a class: the class may be ours or the first a library's API hands out
     * (a static factory, a builder), whose loading the profile shows under our frame, not the library's.
     */
    private static final String CLASS_LOADING = "class loading from our code (ours, and libraries' entry classes)";
    /** The rest: our code running, and the JDK under it. */
    private static final String RUNNING = "our code and the JDK under it, running";

    private FirstRequestProfile() {
    }

    private static Map<String, String> marked() {
        Map<String, String> marked = new LinkedHashMap<>();
        marked.put("DynamoDB calls (SDK client)", "software/amazon/awssdk/services/dynamodb/DefaultDynamoDbClient.");
        marked.put("enhanced client (schemas, item mapping)", "software/amazon/awssdk/enhanced/");
        marked.put("Jackson", "com/fasterxml/jackson/");
        marked.put("SDK model classes, first use", "software/amazon/awssdk/services/dynamodb/model/");
        return marked;
    }

    public static void main(String[] args) throws Exception {
        int runs = 8;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--java" -> java = args[++i];
                default -> throw new IllegalArgumentException("usage: [--runs N] [--java PATH]");
            }
        }
        SamTemplate template = SamTemplate.locate();
        Path root = template.path().getParent();
        Path probe = ColdStart.probeJar(root);
        Path work = Files.createTempDirectory("first-request-profile");
        Path agent = extractAgent(work);

        try (DynamoEmulator emulator = DynamoEmulator.start()) {
            Map<String, String> env = ColdStart.environment(emulator);
            System.out.println("| function | share of the first request | ≈ ms | what |");
            System.out.println("|---|---|---|---|");
            // every function of the template (its reference programs are left out)
            List<String> functions = template.functions().stream().map(SamTemplate.LambdaFunction::name).toList();
            for (Program program : ColdStart.programs(root)) {
                if (!functions.contains(program.name())) {
                    continue;
                }
                Map<String, Long> counts = new LinkedHashMap<>();
                MARKED.keySet().forEach(c -> counts.put(c, 0L));
                counts.put(CLASS_LOADING, 0L);
                counts.put(RUNNING, 0L);
                List<Sample> samples = new ArrayList<>();
                ColdStart.run(java, ColdStart.LAMBDA_FLAGS, probe, program, env, -1); // warms the emulator
                for (int i = 0; i < runs; i++) {
                    Path stacks = work.resolve(program.name() + "-" + i + ".collapsed");
                    List<String> flags = new ArrayList<>(ColdStart.LAMBDA_FLAGS);
                    flags.add("-agentpath:" + agent + "=start,event=wall,interval=100us,cstack=vm,collapsed,file="
                            + stacks);
                    samples.add(ColdStart.run(java, flags, probe, program, env, i));
                    count(stacks, counts);
                }
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                double firstMs = ColdStart.median(samples, Sample::firstMicros) / 1000.0;
                for (Map.Entry<String, Long> entry : counts.entrySet()) {
                    double share = total == 0 ? 0 : (double) entry.getValue() / total;
                    System.out.printf(Locale.ROOT, "| %s | %.1f %% | %.0f | %s |%n", program.name(), 100 * share,
                            share * firstMs, entry.getKey());
                }
            }
        }
    }

    /** Adds the samples taken inside the handler, each to its category. */
    private static void count(Path stacks, Map<String, Long> counts) throws IOException {
        for (String line : Files.readAllLines(stacks)) {
            int space = line.lastIndexOf(' ');
            String stack = line.substring(0, space);
            int handler = stack.indexOf(HANDLER_FRAME);
            if (handler < 0) {
                continue;
            }
            String inside = stack.substring(handler);
            String category = MARKED.entrySet().stream()
                    .filter(c -> inside.contains(c.getValue()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElse(loadsClass(stack.substring(stack.lastIndexOf("dev/orginvites/"))) ? CLASS_LOADING : RUNNING);
            counts.merge(category, Long.parseLong(line.substring(space + 1)), Long::sum);
        }
    }

    private static boolean loadsClass(String frames) {
        return frames.contains("ClassLoader.loadClass") || frames.contains("SystemDictionary::");
    }

    /** The profiler's native agent, from the async-profiler jar on the classpath, for this machine. */
    private static Path extractAgent(Path work) throws IOException {
        String arch = System.getProperty("os.arch").contains("aarch64") ? "linux-arm64" : "linux-x64";
        Path agent = work.resolve("libasyncProfiler.so");
        try (InputStream in = FirstRequestProfile.class.getResourceAsStream("/" + arch + "/libasyncProfiler.so")) {
            if (in == null || !System.getProperty("os.name").startsWith("Linux")) {
                throw new IllegalStateException("async-profiler's agent for " + arch + " is not on the classpath "
                        + "(this harness runs on Linux)");
            }
            Files.copy(in, agent, StandardCopyOption.REPLACE_EXISTING);
        }
        return agent;
    }
}
