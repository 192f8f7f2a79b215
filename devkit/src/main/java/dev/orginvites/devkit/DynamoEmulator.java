package dev.orginvites.devkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A DynamoDB protocol endpoint off AWS: the one {@code DYNAMODB_ENDPOINT} names, else a {@code moto_server} started
 * on a free loopback port and stopped by {@link #close} (or when the JVM exits, Ctrl-C included).
 */
public final class DynamoEmulator implements AutoCloseable {
    public static final String REGION = "us-east-1";
    private static DynamoEmulator shared;

    private final URI endpoint;
    private final Process process;

    private DynamoEmulator(URI endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    /** One emulator for the whole JVM, started on first use (what the tests share). */
    public static synchronized DynamoEmulator shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** {@code DYNAMODB_ENDPOINT} when set, else a new moto_server. */
    public static DynamoEmulator start() {
        String given = System.getenv("DYNAMODB_ENDPOINT");
        if (given != null && !given.isBlank()) {
            return new DynamoEmulator(URI.create(given.trim()), null);
        }
        return startMoto();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Whether this emulator is a moto_server this JVM started. */
    public boolean started() {
        return process != null;
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
        }
    }

    private static DynamoEmulator startMoto() {
        String moto = onPath("moto_server");
        if (moto == null) {
            throw new IllegalStateException("No DynamoDB endpoint: install moto so that moto_server is on the PATH "
                    + "(pip install 'moto[server]'), or set DYNAMODB_ENDPOINT to a running DynamoDB-compatible "
                    + "endpoint (e.g. http://127.0.0.1:5000).");
        }
        try {
            int port = Ports.free();
            Path log = Files.createTempFile("moto-", ".log");
            log.toFile().deleteOnExit();
            Process process = new ProcessBuilder(moto, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            if (Ports.await(port, process, Duration.ofSeconds(60))) {
                return new DynamoEmulator(URI.create("http://127.0.0.1:" + port), process);
            }
            String why = process.isAlive() ? "moto_server did not start within 60 s: " : "moto_server exited at start: ";
            process.destroy();
            throw new IllegalStateException(why + Files.readString(log));
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting moto_server", e);
        }
    }

    private static String onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, command);
            if (candidate.isFile() && candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }
}
