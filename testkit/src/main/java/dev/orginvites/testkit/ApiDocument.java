package dev.orginvites.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one OpenAPI document for the whole API, committed as {@value #FILE} at the repository's root, made from the
 * contract's sources in {@code testkit/src/main/resources/contract}: Snyk's spec (its invitation operations,
 * {@code snyk-invites-openapi.yml}, and its membership operations, {@code snyk-memberships-openapi.json}, as one
 * document), the overlay's {@code patch} (where this API serves Snyk's shapes differently, in every release), this
 * API's own operations ({@code org-invites-openapi.yml}) added to it, the overlay's {@code additions} (what this API
 * adds to Snyk's operations in every release, so in the newest) merged in, and last {@code org-invites-api-patch.yml},
 * the document's own fields (info, servers, security, tags). {@link Contract} validates every interaction against
 * this document, and {@code ApiDocumentTest} fails when the committed file is not what it renders to.
 */
public final class ApiDocument {
    /** Where the document is committed, from the repository's root. */
    public static final String FILE = "contract/org-invites-api.yml";
    /** How to rewrite {@link #FILE} after a source changed. */
    public static final String REGENERATE = "./mvnw -q -pl testkit -am test -Dtest=ApiDocumentTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + ApiDocument.class.getSimpleName() + ".write=true";
    /** The document's members in the order OpenAPI's own examples use; any other member follows them. */
    private static final List<String> ORDER = List.of("openapi", "info", "servers", "security", "tags", "paths",
            "components");
    /** A date, which YAML 1.1 readers (SnakeYAML, js-yaml) take for a timestamp unless it is quoted. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}.*", Pattern.DOTALL);
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .stringQuotingChecker(new StringQuotingChecker.Default() {
                @Override
                public boolean needToQuoteValue(String value) {
                    return super.needToQuoteValue(value) || DATE.matcher(value).matches();
                }
            })
            .build());

    /** Snyk's spec, as published: its invitation and membership operations in one document. */
    static final JsonNode SNYK = union(source("snyk-invites-openapi.yml"),
            source("snyk-memberships-openapi.json"));
    static final JsonNode OWN = source("org-invites-openapi.yml");
    static final JsonNode OVERLAY = source("snyk-overlay.yml");
    /** Snyk's spec as this API serves it: with the overlay's patch, the departures that are shapes. */
    static final JsonNode SNYK_SERVED = mergePatch(SNYK.deepCopy(), OVERLAY.path("patch"));
    private static final JsonNode PATCH = source("org-invites-api-patch.yml");

    private ApiDocument() {
    }

    /** The document, as its sources make it. */
    public static JsonNode build() {
        JsonNode merged = withAdditions(withOwnOperations(SNYK_SERVED, OWN),
                OVERLAY.path("additions"));
        ObjectNode patched = (ObjectNode) mergePatch(merged, PATCH.deepCopy());
        ObjectNode ordered = YAML.createObjectNode();
        ORDER.forEach(member -> {
            if (patched.has(member)) {
                ordered.set(member, patched.get(member));
            }
        });
        patched.fields().forEachRemaining(member -> {
            if (!ordered.has(member.getKey())) {
                ordered.set(member.getKey(), member.getValue());
            }
        });
        return ordered;
    }

    /** The file's text: a note on where it comes from, then the document as YAML. */
    public static String render(JsonNode document) {
        try {
            return "# Generated from testkit/src/main/resources/contract (see its README.md) by testkit/src/main/java/"
                    + "dev/orginvites/testkit/ApiDocument.java.\n# Do not edit: change the sources, then run\n"
                    + "#   " + REGENERATE + "\n" + YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@value #FILE} in the repository this runs in. */
    public static Path committed() {
        return repositoryRoot().resolve(FILE);
    }

    /** The root of the repository this runs in: the first directory, here or above, with mvnw and template.yaml. */
    public static Path repositoryRoot() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the repository's root (mvnw, template.yaml) not found here or above");
    }

    /**
     * Two parts of Snyk's spec as one document: the first's members, with the second's paths and components added.
     * Snyk's parts repeat the components they share (headers, the error document, paging); a shared one must be the
     * same in both, as it is one component of one spec.
     *
     * @throws IllegalStateException when both describe one operation, or one component differently
     */
    static JsonNode union(JsonNode first, JsonNode second) {
        ObjectNode spec = first.deepCopy();
        ObjectNode paths = member(spec, "paths");
        second.path("paths").fields().forEachRemaining(path -> {
            ObjectNode methods = member(paths, path.getKey());
            path.getValue().fields().forEachRemaining(method -> {
                if (methods.has(method.getKey())) {
                    throw new IllegalStateException("both parts of Snyk's spec describe " + method.getKey() + " "
                            + path.getKey());
                }
                methods.set(method.getKey(), method.getValue());
            });
        });
        ObjectNode components = member(spec, "components");
        second.path("components").fields().forEachRemaining(kind -> {
            ObjectNode target = member(components, kind.getKey());
            kind.getValue().fields().forEachRemaining(component -> {
                JsonNode existing = target.get(component.getKey());
                if (existing != null && !existing.equals(component.getValue())) {
                    throw new IllegalStateException("the parts of Snyk's spec describe components " + kind.getKey()
                            + " " + component.getKey() + " differently");
                }
                target.set(component.getKey(), component.getValue());
            });
        });
        return spec;
    }

    /** The object member {@code name}, added when absent (Jackson's {@code with} reads a name with '/' as a pointer). */
    private static ObjectNode member(ObjectNode node, String name) {
        return node.has(name) ? (ObjectNode) node.get(name) : node.putObject(name);
    }

    /**
     * Snyk's spec with the paths (and any components) of {@code own} added.
     *
     * @throws IllegalStateException when {@code own} redefines an operation or a component Snyk's spec has
     */
    static JsonNode withOwnOperations(JsonNode snyk, JsonNode own) {
        ObjectNode spec = snyk.deepCopy();
        for (String section : new String[] {"paths", "components"}) {
            ObjectNode target = (ObjectNode) spec.path(section);
            own.path(section).fields().forEachRemaining(entry -> {
                if (!entry.getValue().isObject()) {
                    return;
                }
                ObjectNode merged = target.has(entry.getKey()) ? (ObjectNode) target.get(entry.getKey())
                        : target.putObject(entry.getKey());
                entry.getValue().fields().forEachRemaining(member -> {
                    if (merged.has(member.getKey())) {
                        throw new IllegalStateException("org-invites-openapi.yml redefines " + section + " "
                                + entry.getKey() + " " + member.getKey() + ", which Snyk's spec has");
                    }
                    merged.set(member.getKey(), member.getValue());
                });
            });
        }
        return spec;
    }

    /**
     * The spec with the overlay's additions to its operations, which hold in every release: each operation's
     * {@code parameters} are appended to its own, anything else is merged into it as a patch is.
     *
     * @throws IllegalArgumentException when an addition names an operation the spec does not have
     */
    static JsonNode withAdditions(JsonNode spec, JsonNode additions) {
        ObjectNode added = spec.deepCopy();
        additions.fields().forEachRemaining(addition -> {
            ObjectNode operation = null;
            for (JsonNode path : added.path("paths")) {
                for (JsonNode candidate : path) {
                    if (addition.getKey().equals(candidate.path("operationId").asText())) {
                        operation = (ObjectNode) candidate;
                    }
                }
            }
            if (operation == null) {
                throw new IllegalArgumentException("the overlay adds to " + addition.getKey() + ", which the spec lacks");
            }
            ObjectNode patch = addition.getValue().deepCopy();
            JsonNode parameters = patch.remove("parameters");
            if (parameters != null) {
                operation.withArray("parameters").addAll((ArrayNode) parameters);
            }
            mergePatch(operation, patch);
        });
        return added;
    }

    /** RFC 7396: objects merge member by member, a null removes the member, any other value replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : YAML.createObjectNode();
        patch.fields().forEachRemaining(member -> {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), mergePatch(result.get(member.getKey()), member.getValue()));
            }
        });
        return result;
    }

    private static JsonNode source(String name) {
        String resource = "/contract/" + name;
        try (InputStream in = ApiDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource);
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
