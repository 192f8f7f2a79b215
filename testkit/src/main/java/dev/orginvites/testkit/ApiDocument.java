package dev.orginvites.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * contract's sources in {@code testkit/src/main/resources/contract}: Snyk's spec ({@code snyk-invites-openapi.yml}), this
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

    static final JsonNode SNYK = source("snyk-invites-openapi.yml");
    static final JsonNode OWN = source("org-invites-openapi.yml");
    static final JsonNode OVERLAY = source("snyk-invites-releases.yml");
    private static final JsonNode PATCH = source("org-invites-api-patch.yml");

    private ApiDocument() {
    }

    /** The document, as its sources make it. */
    public static JsonNode build() {
        JsonNode merged = Contract.withAdditions(Contract.withOwnOperations(SNYK, OWN), OVERLAY.path("additions"));
        ObjectNode patched = (ObjectNode) Contract.mergePatch(merged, PATCH.deepCopy());
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
