package dev.orginvites.resend;

import dev.orginvites.shared.config.Environment;
import java.time.Duration;
import java.util.function.Function;

/**
 * resend-invite's own setting: {@code RESEND_INTERVAL} (optional, ISO-8601 duration of at least a second, default
 * {@code PT5M}), how soon after an invitation's issue it may be resent. Public for the local API, which says what it
 * runs with.
 */
public record ResendSettings(Duration interval) {
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    /** @throws IllegalStateException naming RESEND_INTERVAL when it is malformed */
    public static ResendSettings fromEnvironment() {
        return from(System.getenv()::get);
    }

    /** @throws IllegalStateException naming RESEND_INTERVAL when it is malformed */
    static ResendSettings from(Function<String, String> env) {
        return new ResendSettings(Environment.duration(env, "RESEND_INTERVAL", DEFAULT_INTERVAL));
    }
}
