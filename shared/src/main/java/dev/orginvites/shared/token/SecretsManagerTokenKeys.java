package dev.orginvites.shared.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import dev.orginvites.shared.config.Environment;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Token keys kept in an AWS Secrets Manager secret (the template creates it with a generated value): the
 * {@code AWSCURRENT} version signs, {@code AWSCURRENT} and {@code AWSPREVIOUS} verify. Rotating the secret (a new
 * value) therefore keeps every token sent before it working until the next rotation; rotate no more often than
 * the invite TTL.
 *
 * <p>The keys are read on first use and kept for {@link #REFRESH}, never while a function initializes: a SnapStart
 * snapshot holds no key material, and every restored copy reads the keys in force, not the ones of the day the
 * snapshot was taken.
 */
public final class SecretsManagerTokenKeys implements TokenKeys {
    /** How long keys read from the secret are used before they are read again. */
    public static final Duration REFRESH = Duration.ofMinutes(5);
    /** The environment variable that names the secret (its ARN or name). */
    public static final String SECRET_ID = "TOKEN_SECRET_ID";
    /** An endpoint override, for emulators (as {@code DYNAMODB_ENDPOINT} is for the table). */
    public static final String ENDPOINT = "SECRETSMANAGER_ENDPOINT";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Clock clock;
    private Keys keys;

    /** @param secretId the secret's ARN or name */
    public SecretsManagerTokenKeys(SecretsManagerClient secrets, String secretId, Clock clock) {
        this.secrets = secrets;
        this.secretId = secretId;
        this.clock = clock;
    }

    /**
     * The keys as a function reads them in Lambda: the secret {@value #SECRET_ID} names, in {@code AWS_REGION} (or at
     * {@value #ENDPOINT}, when set), with a client built now (as light and as bounded in time as the DynamoDB client)
     * and the secret read on first use.
     *
     * @throws IllegalStateException naming a variable that is missing
     */
    public static SecretsManagerTokenKeys fromEnvironment(Function<String, String> env, Clock clock) {
        return new SecretsManagerTokenKeys(client(env), Environment.required(env, SECRET_ID), clock);
    }

    /** The Secrets Manager client the functions read the keys with ({@code AWS_REGION}, {@code ENDPOINT}). */
    public static SecretsManagerClient client(Function<String, String> env) {
        String endpoint = Environment.optional(env, ENDPOINT);
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .region(Region.of(Environment.required(env, "AWS_REGION")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(ATTEMPT_TIMEOUT)
                        .build())
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    @Override
    public byte[] signing() {
        return current().all.get(0).clone();
    }

    @Override
    public List<byte[]> verifying() {
        List<byte[]> copies = new ArrayList<>(2);
        for (byte[] key : current().all) {
            copies.add(key.clone());
        }
        return copies;
    }

    private synchronized Keys current() {
        Instant now = clock.instant();
        if (keys == null || !now.isBefore(keys.readAt.plus(REFRESH))) {
            List<byte[]> all = new ArrayList<>(2);
            all.add(read("AWSCURRENT"));
            byte[] previous = readIfPresent("AWSPREVIOUS");
            if (previous != null) {
                all.add(previous);
            }
            keys = new Keys(List.copyOf(all), now);
        }
        return keys;
    }

    private byte[] readIfPresent(String stage) {
        try {
            return read(stage);
        } catch (ResourceNotFoundException e) {
            return null; // never rotated: there is no previous version
        }
    }

    private byte[] read(String stage) {
        String value = secrets.getSecretValue(r -> r.secretId(secretId).versionStage(stage)).secretString();
        if (value == null || value.length() < 32) {
            throw new IllegalStateException("the token secret's " + stage + " value must be at least 32 characters");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private record Keys(List<byte[]> all, Instant readAt) {
    }
}
