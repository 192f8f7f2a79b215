package dev.orginvites.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchema;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The published schema of the events ({@code contract/events/}): a JSON Schema (draft 4) per detail-type,
 * {@code <detail-type>.json}, over the resources and members they share ({@code org_invitation.json},
 * {@code org_membership.json}, {@code common.json}). Every event a test produces is held to it, as every HTTP answer
 * is held to the OpenAPI document ({@link Contract}); the validator is the one the OpenAPI check uses.
 */
public final class EventSchemas {
    /** The files that describe what the events share rather than an event. */
    private static final Set<String> SHARED = Set.of("common.json", "org_invitation.json", "org_membership.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.byDefault();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** Where the schemas are: {@code contract/events/} in the repository. */
    public static Path directory() {
        return ApiDocument.repositoryRoot().resolve("contract").resolve("events");
    }

    /** The detail-types the schema describes (one file each). */
    public static Set<String> detailTypes() {
        Set<String> types = new TreeSet<>();
        try (Stream<Path> files = Files.list(directory())) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !SHARED.contains(name))
                    .forEach(name -> types.add(name.substring(0, name.length() - ".json".length())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }

    /**
     * Holds an event's detail to its detail-type's schema.
     *
     * @throws AssertionError naming what does not conform, or a detail-type the schema does not describe
     */
    public static void validate(String detailType, String detail) {
        JsonNode node;
        try {
            node = JSON.readTree(detail);
        } catch (IOException e) {
            throw new AssertionError(detailType + ": a detail that is not JSON: " + detail, e);
        }
        validate(detailType, node);
    }

    public static void validate(String detailType, JsonNode detail) {
        if (!detailTypes().contains(detailType)) {
            throw new AssertionError("no schema for the detail-type " + detailType + " in " + directory());
        }
        JsonSchema schema = SCHEMAS.computeIfAbsent(detailType, type -> {
            try {
                return FACTORY.getJsonSchema(directory().resolve(type + ".json").toUri().toString());
            } catch (ProcessingException e) {
                throw new IllegalStateException("the schema of " + type + " does not load", e);
            }
        });
        ProcessingReport report;
        try {
            report = schema.validate(detail, true);
        } catch (ProcessingException e) {
            throw new AssertionError(detailType + ": the schema could not be applied: " + e.getMessage(), e);
        }
        if (!report.isSuccess()) {
            throw new AssertionError(detailType + " does not conform to contract/events/" + detailType + ".json: "
                    + report + "\n" + detail);
        }
    }
}
