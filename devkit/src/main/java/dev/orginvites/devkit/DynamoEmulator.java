package dev.orginvites.devkit;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A DynamoDB protocol endpoint off AWS: the one {@code DYNAMODB_ENDPOINT} names, else a {@code moto_server} started
 * on a free loopback port behind a {@link SerializingProxy} (which gives moto DynamoDB's serializable transactions
 * and client request tokens), stopped by {@link #close} (or when the JVM exits, Ctrl-C included, or is killed).
 */
public final class DynamoEmulator implements AutoCloseable {
    public static final String REGION = "us-east-1";
    /** How long moto gets to exit after SIGTERM before it is killed. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static DynamoEmulator shared;
    /**
     * Runs moto_server (its path, then its arguments) and stops it when this JVM ends, however it ends: a SIGKILLed
     * JVM runs no shutdown hook, but the kernel closes the JVM's end of the pipe that is the watchdog's standard
     * input, and at that end of input the watchdog stops moto (SIGTERM, SIGKILL after the grace period). It needs
     * only a POSIX shell, and exits with moto, so a moto that fails at start is seen at once.
     */
    private static final String WATCHDOG = """
            moto=$1; shift
            exec 3<&0
            "$moto" "$@" </dev/null 3<&- &
            pid=$!
            ( while read -r _; do :; done; kill "$pid" 2>/dev/null; sleep %d; kill -9 "$pid" 2>/dev/null ) <&3 &
            watchdog=$!
            exec 3<&-
            wait "$pid"
            status=$?
            kill "$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null
            exit "$status"
            """.formatted(GRACE.toSeconds());

    private final URI endpoint;
    private final Process process;
    private final SerializingProxy proxy;
    private final int motoPort;

    private DynamoEmulator(URI endpoint, Process process, SerializingProxy proxy, int motoPort) {
        this.endpoint = endpoint;
        this.process = process;
        this.proxy = proxy;
        this.motoPort = motoPort;
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
            return new DynamoEmulator(URI.create(given.trim()), null, null, -1);
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

    /**
     * moto_server itself, without the proxy (the endpoint when this emulator did not start one). The benchmarks use
     * it: they time our code's calls, and the proxy's extra hop would be timed too, in a function and its floor alike.
     */
    public URI moto() {
        return proxy == null ? endpoint : URI.create("http://127.0.0.1:" + motoPort);
    }

    /** The process this emulator started, if it started one: moto_server's watchdog, whose child moto is. */
    Optional<ProcessHandle> process() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /** Stops the proxy and moto for certain: SIGTERM, a grace period, then SIGKILL, for moto and anything it spawned. */
    @Override
    public synchronized void close() {
        if (proxy != null) {
            proxy.close();
        }
        if (process != null) {
            stop(process.toHandle());
        }
    }

    private static void stop(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle each : tree) {
            try {
                each.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception stillRunning) {
                each.destroyForcibly();
            }
        }
        for (ProcessHandle each : tree) {
            try {
                each.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + each.pid() + " survived SIGKILL", e);
            }
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
            Process process = new ProcessBuilder("sh", "-c", WATCHDOG, "moto-watchdog", moto, "-H", "127.0.0.1", "-p",
                    Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process.toHandle())));
            if (Ports.await(port, process, Duration.ofSeconds(60))) {
                SerializingProxy proxy = new SerializingProxy(URI.create("http://127.0.0.1:" + port), Clock.systemUTC());
                return new DynamoEmulator(proxy.endpoint(), process, proxy, port);
            }
            String why = process.isAlive() ? "moto_server did not start within 60 s: " : "moto_server exited at start: ";
            stop(process.toHandle());
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
