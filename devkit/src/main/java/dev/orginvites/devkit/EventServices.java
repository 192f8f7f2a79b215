package dev.orginvites.devkit;

import java.net.URI;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;

/**
 * What the event publisher ({@code publish-events}) needs on the emulator besides the table's stream: an EventBridge
 * bus, made as the template's {@code EventBus} is. moto serves EventBridge on the DynamoDB endpoint's port.
 */
public final class EventServices {
    private EventServices() {
    }

    /** An EventBridge client for the emulator; interceptors watch or alter its calls. */
    public static EventBridgeClient events(URI endpoint, ExecutionInterceptor... interceptors) {
        return EventBridgeClient.builder().region(Region.of(DynamoEmulator.REGION)).endpointOverride(endpoint)
                .overrideConfiguration(c -> c.executionInterceptors(List.of(interceptors))).build();
    }

    /**
     * Creates a bus of this name (or finds it there from an earlier run).
     *
     * @return its ARN, which the publisher is given as the template gives it ({@code EVENT_BUS})
     */
    public static String createBus(EventBridgeClient events, String name) {
        try {
            return events.createEventBus(r -> r.name(name)).eventBusArn();
        } catch (ResourceAlreadyExistsException exists) {
            return events.describeEventBus(r -> r.name(name)).arn();
        }
    }
}
