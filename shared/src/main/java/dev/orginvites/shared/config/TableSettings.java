package dev.orginvites.shared.config;

import dev.orginvites.shared.store.InviteQuota;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The table a function works on, read once per execution environment from environment variables (with
 * {@link Environment}).
 *
 * <ul>
 *   <li>{@code TABLE_NAME} (required): the DynamoDB table.</li>
 *   <li>{@code AWS_REGION} (required; Lambda always sets it).</li>
 *   <li>{@code DYNAMODB_ENDPOINT} (optional): an endpoint override, for emulators.</li>
 *   <li>{@code INVITE_TTL} (optional, ISO-8601 duration, default {@code P7D}): how long an invite stays pending.</li>
 *   <li>{@code INVITE_QUOTA} (optional, a whole number from 1 to {@value InviteQuota#MAX}, default
 *       {@value InviteQuota#DEFAULT}): how many invitation emails (creates and resends) an org may send in any
 *       rolling 24 hours, unless the directory gives it a limit of its own.</li>
 * </ul>
 *
 * @param dynamoDbEndpoint the endpoint override, or null for the region's DynamoDB endpoint
 */
public record TableSettings(String tableName, String region, URI dynamoDbEndpoint, Duration inviteTtl,
        int inviteQuota) {
    public static final Duration DEFAULT_INVITE_TTL = Duration.ofDays(7);

    /** Settings with the default invite quota. */
    public TableSettings(String tableName, String region, URI dynamoDbEndpoint, Duration inviteTtl) {
        this(tableName, region, dynamoDbEndpoint, inviteTtl, InviteQuota.DEFAULT);
    }

    public static TableSettings fromEnvironment() {
        return from(System.getenv()::get);
    }

    public static TableSettings from(Map<String, String> env) {
        return from(env::get);
    }

    /** @throws IllegalStateException naming the variable that is missing or malformed */
    public static TableSettings from(Function<String, String> env) {
        String endpoint = Environment.optional(env, "DYNAMODB_ENDPOINT");
        return new TableSettings(Environment.required(env, "TABLE_NAME"), Environment.required(env, "AWS_REGION"),
                endpoint == null ? null : endpoint(endpoint),
                Environment.duration(env, "INVITE_TTL", DEFAULT_INVITE_TTL),
                Environment.count(env, "INVITE_QUOTA", InviteQuota.DEFAULT, InviteQuota.MAX));
    }

    private static URI endpoint(String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("DYNAMODB_ENDPOINT is not an absolute URL: " + value, e);
        }
    }
}
