package dev.orginvites.shared.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/** Reading settings from environment variables (or anything that maps names to values), with errors that name them. */
public final class Environment {
    private Environment() {
    }

    /**
     * A variable's trimmed value; every setting is read with this, {@link #optional}, {@link #duration} or
     * {@link #count}.
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

    /**
     * A whole-number variable from 1 to {@code max}, or {@code fallback} when it is missing or blank.
     *
     * @throws IllegalStateException naming the variable when it is not such a number
     */
    public static int count(Function<String, String> env, String name, int fallback, int max) {
        String value = optional(env, name);
        if (value == null) {
            return fallback;
        }
        if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > max) {
            throw new IllegalStateException(name + " must be a whole number from 1 to " + max + ": " + value);
        }
        return Integer.parseInt(value);
    }
}
