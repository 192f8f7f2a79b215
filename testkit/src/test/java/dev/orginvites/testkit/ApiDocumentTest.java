package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The committed {@code contract/org-invites-api.yml} is what its sources make, and is a whole document. */
class ApiDocumentTest {
    private static final String WRITE = ApiDocument.class.getSimpleName() + ".write";

    @Test
    void theCommittedDocumentIsWhatItsSourcesMake() throws IOException {
        Path committed = ApiDocument.committed();
        String rendered = ApiDocument.render(ApiDocument.build());
        if (Boolean.getBoolean(WRITE)) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, rendered, StandardCharsets.UTF_8);
        }
        String actual = Files.isRegularFile(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        assertEquals(rendered, actual, ApiDocument.FILE + " is not what its sources (testkit/src/main/"
                + "resources/contract) make: regenerate it with\n  " + ApiDocument.REGENERATE + "\n");
    }

    @Test
    void theDocumentReadsBackAsItWasBuilt() throws IOException {
        JsonNode built = ApiDocument.build();

        assertEquals(built, new YAMLMapper().readTree(ApiDocument.render(built)));
    }

    @Test
    void everyOperationOfBothSourcesIsInTheDocument() {
        Set<String> expected = new TreeSet<>(Contract.snykRoutes());
        expected.addAll(Contract.ownRoutes());

        assertEquals(expected, Contract.routes(ApiDocument.build()));
    }

    /** Linters and generators refuse a reference to a component the document lacks, or a tag it does not declare. */
    @Test
    void everyReferenceAndTagResolvesInTheDocument() {
        JsonNode document = ApiDocument.build();
        Set<String> declaredTags = new TreeSet<>();
        document.path("tags").forEach(tag -> declaredTags.add(tag.path("name").asText()));
        Set<String> usedTags = new TreeSet<>();
        Set<String> refs = new TreeSet<>();
        document.path("paths").forEach(path -> path.forEach(operation -> operation.path("tags")
                .forEach(tag -> usedTags.add(tag.asText()))));
        collectRefs(document, refs);

        assertEquals(usedTags, declaredTags);
        assertFalse(refs.isEmpty());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), "a reference outside the document: " + ref);
            assertFalse(document.at(ref.substring(1)).isMissingNode(), "a reference to nothing: " + ref);
        }
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject() && node.path("$ref").isTextual()) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
