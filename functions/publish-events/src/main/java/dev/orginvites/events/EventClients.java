package dev.orginvites.events;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The EventBridge client the publisher uses in Lambda, built once per execution environment (no call is made while
 * building it, so a SnapStart snapshot holds no credentials' answers).
 *
 * <p>The URL-connection HTTP client, as for DynamoDB and SES. A connection must open within 1 s and an attempt
 * answer within 2 s (PutEvents answers in tens of milliseconds); all of a call's attempts (3, the standard strategy,
 * which retries a throttled or failed call whole) finish within 5 s, which is what {@link PublishEventsHandler}
 * keeps in reserve before it makes a call.
 */
public final class EventClients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private EventClients() {
    }

    public static EventBridgeClient events(String region) {
        return EventBridgeClient.builder().region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(ATTEMPT_TIMEOUT).build())
                .overrideConfiguration(EventClients::limits).build();
    }

    private static void limits(ClientOverrideConfiguration.Builder c) {
        c.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT)
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy());
    }
}
