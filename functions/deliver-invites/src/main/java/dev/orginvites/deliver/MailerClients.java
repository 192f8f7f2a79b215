package dev.orginvites.deliver;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The SES and Secrets Manager clients the mailer uses in Lambda, built once per execution environment (no call is
 * made while building them, so a SnapStart snapshot holds no credentials' answers and no key).
 *
 * <p>The URL-connection HTTP client, as for DynamoDB. A connection must open within 1 s and an attempt answer
 * within 3 s (SES answers a SendEmail in a few hundred milliseconds); all attempts of a call (3, the standard
 * strategy) finish within 6 s, so one record's worst case (DynamoDB's 5 s twice and this) stays well inside what
 * {@link DeliverInvitesHandler} keeps in reserve before starting a record.
 */
public final class MailerClients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);

    private MailerClients() {
    }

    public static SesV2Client ses(String region) {
        return SesV2Client.builder().region(Region.of(region)).httpClient(http())
                .overrideConfiguration(MailerClients::limits).build();
    }

    public static SecretsManagerClient secrets(String region) {
        return SecretsManagerClient.builder().region(Region.of(region)).httpClient(http())
                .overrideConfiguration(MailerClients::limits).build();
    }

    private static UrlConnectionHttpClient http() {
        return (UrlConnectionHttpClient) UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(ATTEMPT_TIMEOUT).build();
    }

    private static void limits(ClientOverrideConfiguration.Builder c) {
        c.apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT)
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy());
    }
}
