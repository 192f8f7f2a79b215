package dev.orginvites.shared.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Function;

/**
 * The functions' configuration, read once per execution environment from environment variables.
 *
 * <ul>
 *   <li>{@code TABLE_NAME} (required): the DynamoDB table.</li>
 *   <li>{@code AWS_REGION} (required; Lambda always sets it).</li>
 *   <li>{@code DYNAMODB_ENDPOINT} (optional): an endpoint override, for emulators.</li>
 *   <li>{@code INVITE_TTL} (optional, ISO-8601 duration, default {@code P7D}): how long an invite stays pending.</li>
 * </ul>
 *
 * @param dynamoDbEndpoint the endpoint override, or null for the region's DynamoDB endpoint
 */
public record Settings(String tableName, String region, URI dynamoDbEndpoint, Duration inviteTtl) {
    public static final Duration DEFAULT_INVITE_TTL = Duration.ofDays(7);

    public static Settings fromEnvironment() {
        return from(System.getenv()::get);
    }

    public static Settings from(Map<String, String> env) {
        return from(env::get);
    }

    /** @throws IllegalStateException naming the variable that is missing or malformed */
    public static Settings from(Function<String, String> env) {
        String endpoint = optional(env, "DYNAMODB_ENDPOINT");
        return new Settings(required(env, "TABLE_NAME"), required(env, "AWS_REGION"),
                endpoint == null ? null : endpoint(endpoint), duration(env, "INVITE_TTL", DEFAULT_INVITE_TTL));
    }

    /**
     * A variable's trimmed value; functions with settings of their own read them with this and {@link #optional}.
     *
     * @throws IllegalStateException naming the variable when it is missing or blank
     */
    public static String required(Function<String, String> env, String name) {
        String value = optional(env, name);
        if (value == null) {
            throw new IllegalStateException("Missing required environment variable " + name);
        }
        return value;
    }

    /** A variable's trimmed value, or null when it is missing or blank. */
    public static String optional(Function<String, String> env, String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
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

    /**
     * A duration variable, ISO-8601 ({@code P7D}, {@code PT5M}), of at least one second, or {@code fallback} when it
     * is missing or blank.
     *
     * @throws IllegalStateException naming the variable when it is malformed or under a second
     */
    public static Duration duration(Function<String, String> env, String name, Duration fallback) {
        String value = optional(env, name);
        if (value == null) {
            return fallback;
        }
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(name + " is not an ISO-8601 duration (e.g. P7D, PT12H): " + value, e);
        }
        if (duration.isNegative() || duration.getSeconds() < 1) {
            throw new IllegalStateException(name + " must be at least one second: " + value);
        }
        return duration;
    }
}
