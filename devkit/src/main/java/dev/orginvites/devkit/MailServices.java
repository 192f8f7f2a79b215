package dev.orginvites.devkit;

import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What the mailer ({@code deliver-invites}) needs on the emulator besides the table, set up as an operator sets it up
 * on AWS: a verified SES identity to send from, and the accept tokens' key as a Secrets Manager secret with a
 * generated value (the template's {@code AcceptTokenSecret}). moto serves SES v2 and Secrets Manager on the
 * DynamoDB endpoint's port.
 */
public final class MailServices {
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private MailServices() {
    }

    /** An SES v2 client for the emulator; interceptors watch or alter its calls. */
    public static SesV2Client ses(URI endpoint, ExecutionInterceptor... interceptors) {
        return SesV2Client.builder().region(Region.of(DynamoEmulator.REGION)).endpointOverride(endpoint)
                .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors))).build();
    }

    public static SecretsManagerClient secrets(URI endpoint) {
        return SecretsManagerClient.builder().region(Region.of(DynamoEmulator.REGION)).endpointOverride(endpoint)
                .build();
    }

    public static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().region(Region.of(DynamoEmulator.REGION)).endpointOverride(endpoint).build();
    }

    /** Creates a configuration set to send with, unless it exists (an emulator kept from an earlier run). */
    public static void createConfigurationSet(SesV2Client ses, String name) {
        try {
            ses.createConfigurationSet(r -> r.configurationSetName(name));
        } catch (AlreadyExistsException created) {
            // made before: what was wanted
        }
    }

    /** Verifies an address or a domain for sending (on the emulator, creating the identity verifies it). */
    public static void verifyIdentity(SesV2Client ses, String identity) {
        try {
            ses.createEmailIdentity(r -> r.emailIdentity(identity));
        } catch (AlreadyExistsException alreadyVerified) {
            // verified before: what was wanted
        }
    }

    /**
     * Creates a token secret as the template's {@code GenerateSecretString} does (64 letters and digits).
     *
     * @return its name, the {@code TOKEN_SECRET_ID} of a function that uses it
     */
    public static String createTokenSecret(SecretsManagerClient secrets) {
        String name = "org-invites-accept-token-" + UUID.randomUUID();
        StringBuilder key = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            key.append(KEY_ALPHABET.charAt(RANDOM.nextInt(KEY_ALPHABET.length())));
        }
        secrets.createSecret(r -> r.name(name).secretString(key.toString()));
        return name;
    }
}
