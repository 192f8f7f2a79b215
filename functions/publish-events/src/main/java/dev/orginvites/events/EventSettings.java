package dev.orginvites.events;

import java.util.function.Function;

/**
 * The publisher's configuration: the bus it publishes to ({@code EVENT_BUS}, its ARN or name: the template gives the
 * ARN of the bus it made or of the one its {@code EventBusName} parameter names) and the path the API is served under
 * ({@code BASE_PATH}, the template's {@code BasePath}; empty for the root), which the resources' links start with.
 */
public record EventSettings(String eventBus, String basePath) {
    public EventSettings {
        if (eventBus == null || eventBus.isBlank()) {
            throw new IllegalArgumentException("EVENT_BUS is not set: the bus to publish to (its ARN or name)");
        }
        basePath = basePath == null ? "" : basePath;
        if (!basePath.isEmpty() && !basePath.matches("/[A-Za-z0-9_-]{1,128}")) {
            throw new IllegalArgumentException("BASE_PATH must be empty or a slash and a stage name: " + basePath);
        }
    }

    public static EventSettings from(Function<String, String> environment) {
        return new EventSettings(environment.apply("EVENT_BUS"), environment.apply("BASE_PATH"));
    }
}
