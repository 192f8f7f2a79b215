package dev.orginvites.local;

import dev.orginvites.devkit.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged local API run as a user runs it ({@code java -jar local/target/org-invites-local.jar}), with a seed
 * file and a secret of its own; its output is collected line by line. One is shared by the tests of this JVM.
 */
final class LocalApiProcess {
    static final String SECRET = "an-integration-test-secret-of-at-least-32-bytes";
    static final String ORG = "2c1d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    static final String OTHER_ORG = "7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a";
    static final String ROLE = "4e3d2c1b-0a9f-4e8d-a7c6-b5a4f3e2d1c0";
    /** The welcome's first line: the API's URL (with its base path, if any), its port, the emulator's port. */
    private static final Pattern SERVING = Pattern.compile(
            "serving on (http://127\\.0\\.0\\.1:(\\d+)(?:/\\S*)?) \\(DynamoDB: http://127\\.0\\.0\\.1:(\\d+)");
    private static LocalApiProcess shared;

    final Process process;
    final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    final String url;
    final int port;
    final int emulatorPort;

    LocalApiProcess(Process process) throws InterruptedException {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = output.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                process.destroyForcibly();
                throw new AssertionError("the local API did not start within 90 s; it printed " + seen);
            }
            seen.add(line);
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                url = m.group(1);
                port = Integer.parseInt(m.group(2));
                emulatorPort = Integer.parseInt(m.group(3));
                return;
            }
        }
    }

    /** The local API the tests share, seeded with {@link #ORG} (one role, {@link #ROLE}) and {@link #OTHER_ORG}. */
    static synchronized LocalApiProcess shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start("--seed", seed().toString(), "--port", Integer.toString(Ports.free()));
            LocalApiProcess started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
        }
        return shared;
    }

    /** A seed file of {@link #ORG} (one role, {@link #ROLE}) and {@link #OTHER_ORG}. */
    static Path seed() throws IOException {
        Path seed = Files.createTempFile("seed", ".json");
        Files.writeString(seed, "{\"orgs\":[{\"id\":\"" + ORG + "\",\"roles\":[{\"id\":\"" + ROLE
                + "\",\"name\":\"Developer\"}]},{\"id\":\"" + OTHER_ORG + "\",\"roles\":[]}]}");
        return seed;
    }

    /** A local API of its own, with these arguments (and the build's template). */
    static LocalApiProcess start(String... arguments) throws IOException, InterruptedException {
        return new LocalApiProcess(builder(arguments).start());
    }

    /** How the tests run the packaged jar. */
    static ProcessBuilder builder(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("orginvites.localApiJar"), "--template", System.getProperty("orginvites.template")));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LOCAL_JWT_SECRET", SECRET);
        builder.environment().remove("DYNAMODB_ENDPOINT");
        builder.environment().remove("PORT");
        builder.environment().remove("RESEND_INTERVAL");
        builder.environment().remove("INVITE_QUOTA");
        builder.environment().remove("CORS_ALLOWED_ORIGINS");
        return builder;
    }

    /** SIGTERM, as Ctrl-C's SIGINT: the JVM's shutdown hooks run. */
    boolean stop() {
        process.destroy();
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
