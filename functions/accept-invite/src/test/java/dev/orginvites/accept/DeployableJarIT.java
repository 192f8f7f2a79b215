package dev.orginvites.accept;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The deployable jar, on its own (a class loader that sees the jar and the JDK only), reads the accept-token keys as
 * Lambda's path does ({@code SecretsManagerTokenKeys.fromEnvironment}) from a secret on the emulator, before and
 * after a rotation: the parts of Secrets Manager's client the jar leaves out (see the root pom) are not needed.
 */
@EmulatorTest
class DeployableJarIT {
    private static final Path JAR = Path.of(System.getProperty("orginvites.acceptInviteJar",
            "target/accept-invite.jar"));

    @Test
    void theJarAloneReadsTheKeysBeforeAndAfterARotation() throws Exception {
        assertTrue(Files.size(JAR) < 10L * 1024 * 1024, "the jar is under 10 MB: " + Files.size(JAR));
        Fixture.endpoint(); // starts the emulator, and sets the credentials it takes
        String endpoint = DynamoEmulator.shared().moto().toString();
        SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint)).httpClient(UrlConnectionHttpClient.create()).build();
        String first = "k".repeat(64);
        String id = secrets.createSecret(r -> r.name("accept-tokens-" + UUID.randomUUID()).secretString(first)).arn();
        Map<String, String> env = Map.of("TOKEN_SECRET_ID", id, "AWS_REGION", "us-east-1",
                "SECRETSMANAGER_ENDPOINT", endpoint);

        try (URLClassLoader jarOnly = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> keys = jarOnly.loadClass("dev.orginvites.shared.token.SecretsManagerTokenKeys");
            Function<String, String> variables = env::get;
            Object beforeRotation = keys.getMethod("fromEnvironment", Function.class, Clock.class)
                    .invoke(null, variables, Clock.systemUTC());
            assertArrayEquals(first.getBytes(StandardCharsets.UTF_8),
                    (byte[]) keys.getMethod("signing").invoke(beforeRotation));
            assertEquals(1, ((List<?>) keys.getMethod("verifying").invoke(beforeRotation)).size(),
                    "never rotated: no previous key");

            String second = "n".repeat(64);
            secrets.putSecretValue(r -> r.secretId(id).secretString(second));
            Object afterRotation = keys.getMethod("fromEnvironment", Function.class, Clock.class)
                    .invoke(null, variables, Clock.systemUTC());
            List<?> verifying = (List<?>) keys.getMethod("verifying").invoke(afterRotation);
            assertArrayEquals(second.getBytes(StandardCharsets.UTF_8), (byte[]) verifying.get(0));
            assertArrayEquals(first.getBytes(StandardCharsets.UTF_8), (byte[]) verifying.get(1));
            assertTrue(keys.getClassLoader() == jarOnly, "loaded from the jar, not the test's class path");
        }
    }
}
