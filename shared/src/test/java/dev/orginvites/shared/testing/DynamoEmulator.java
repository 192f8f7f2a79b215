package dev.orginvites.shared.testing;

import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.store.DynamoClients;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A real DynamoDB protocol endpoint for the tests, one per test JVM: {@code DYNAMODB_ENDPOINT} when set, else a
 * {@code moto_server} started on a free loopback port and stopped when the JVM exits.
 */
public final class DynamoEmulator {
    public static final String REGION = "us-east-1";
    private static URI endpoint;
    private static DynamoDbClient client;

    static {
        // The emulator takes any credentials; real ones must never be needed (or used) by the tests.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    private DynamoEmulator() {
    }

    public static synchronized URI endpoint() {
        if (endpoint == null) {
            String given = System.getenv("DYNAMODB_ENDPOINT");
            endpoint = given != null && !given.isBlank() ? URI.create(given.trim()) : startMoto();
        }
        return endpoint;
    }

    /** A client for the emulator, built as the functions build theirs. */
    public static synchronized DynamoDbClient client() {
        if (client == null) {
            client = DynamoClients.create(settings("unused", Settings.DEFAULT_INVITE_TTL));
        }
        return client;
    }

    public static Settings settings(String tableName, Duration inviteTtl) {
        return new Settings(tableName, REGION, endpoint(), inviteTtl);
    }

    /** Creates a table shaped as template.yaml defines it (pk/sk strings, on demand) and returns its name. */
    public static String createTable() {
        String name = "invites-" + UUID.randomUUID();
        client().createTable(t -> t.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
        client().waiter().waitUntilTableExists(r -> r.tableName(name));
        client().updateTimeToLive(r -> r.tableName(name)
                .timeToLiveSpecification(s -> s.attributeName("expires_at").enabled(true)));
        return name;
    }

    private static URI startMoto() {
        String moto = onPath("moto_server");
        if (moto == null) {
            throw new IllegalStateException("The tests need a DynamoDB endpoint and found none. Either install moto "
                    + "so that moto_server is on the PATH (pip install 'moto[server]'), or set DYNAMODB_ENDPOINT to a "
                    + "running DynamoDB-compatible endpoint (e.g. http://127.0.0.1:5000).");
        }
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-", ".log");
            Process process = new ProcessBuilder(moto, "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited at start: " + Files.readString(log));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return URI.create("http://127.0.0.1:" + port);
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            process.destroy();
            throw new IllegalStateException("moto_server did not start within 60 s: " + Files.readString(log));
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting moto_server", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
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
