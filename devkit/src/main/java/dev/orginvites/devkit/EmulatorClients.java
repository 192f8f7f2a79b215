package dev.orginvites.devkit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB clients for an emulator, as the tests use them: the functions' HTTP client and retry strategy, with
 * timeouts sized for an emulator rather than for DynamoDB.
 *
 * <p>The functions give an attempt 2 s, which DynamoDB answers in milliseconds. The emulator answers one request at
 * a time (see {@link SerializingProxy}) on a machine that may be busy with other builds, so an answer can queue for
 * seconds behind others; with the functions' timeouts the SDK would abandon and retry calls that are merely waiting,
 * and a test would measure the machine's load instead of the code. What the functions' own timeouts do is tested
 * separately, through a proxy that delays answers on purpose ({@code FaultsTest}).
 */
public final class EmulatorClients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

    private EmulatorClients() {
    }

    /** A client for the emulator at {@code endpoint}; interceptors watch its calls (tests that count them). */
    public static DynamoDbClient create(URI endpoint, ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .region(Region.of(DynamoEmulator.REGION))
                .endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(ATTEMPT_TIMEOUT)
                        .build())
                .overrideConfiguration(c -> c
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                        .executionInterceptors(List.of(interceptors)))
                .build();
    }
}
