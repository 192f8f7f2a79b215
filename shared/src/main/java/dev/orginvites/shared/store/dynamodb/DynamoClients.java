package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.config.TableSettings;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the DynamoDB client, once per execution environment.
 *
 * <p>Timeouts sit well inside the functions' timeout: a connection must open within 1 s, an attempt answer within
 * 2 s, and a call (all attempts together) finish within 5 s. The standard retry strategy makes at most 3 attempts
 * with jittered backoff, for throttling, transient errors and timed-out attempts alike. The URL-connection HTTP client
 * is the lightest the SDK offers, which matters most for cold starts.
 *
 * <p>The strategy's circuit breaker is off. It is a bucket of 500 retry tokens per client: each retry takes 5, a
 * call that succeeds puts back what its last retry took (at least 1), and once the bucket is empty no call is
 * retried. 100 retries in flight at once (the local API's one client under 200 concurrent requests whose first
 * attempts time out) or 50 calls that fail every attempt (an outage) empty it, and from then on a slow first attempt
 * fails its request outright. Every call is bounded anyway: DynamoDB sees at most 3 attempts of it, and a function
 * waits at most the 5 s call timeout for it, retried or not.
 */
public final class DynamoClients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_ATTEMPTS = 3;

    private DynamoClients() {
    }

    /** @param interceptors what tests and benchmarks add to watch the calls; the functions add none */
    public static DynamoDbClient create(TableSettings settings, ExecutionInterceptor... interceptors) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(settings.region()))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(ATTEMPT_TIMEOUT)
                        .build())
                .overrideConfiguration(c -> c
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .executionInterceptors(List.of(interceptors))
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS)
                                .circuitBreakerEnabled(false)
                                .build()));
        if (settings.dynamoDbEndpoint() != null) {
            builder.endpointOverride(settings.dynamoDbEndpoint());
        }
        return builder.build();
    }
}
