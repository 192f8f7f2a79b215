package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.testkit.ApiDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md's table of error codes is every code the functions can answer, and no other: the codes are read from
 * the main sources of shared and every function, where each is a literal given to an {@code ApiError} factory (or,
 * for the generic ones, to its constructor).
 */
class ErrorCodesTest {
    private static final Pattern THROWN = Pattern.compile("ApiError\\.(?:badBody|badRequest|badHeader|unprocessable"
            + "|forbidden|notFound|conflict|tooManyRequests)\\(\\s*\"([a-z]+(?:-[a-z]+)+)\"");
    private static final Pattern GENERIC =
            Pattern.compile("(?:new ApiError\\(\\d{3}, |forbidden\\()\"([a-z]+(?:-[a-z]+)*)\"");
    private static final Pattern DOCUMENTED = Pattern.compile("(?m)^\\| \\d{3} \\| `([a-z-]+)` \\|");

    @Test
    void theDocumentedCodesAreTheOnesTheFunctionsAnswer() throws IOException {
        Path root = ApiDocument.repositoryRoot();
        Set<String> answered = new TreeSet<>();
        try (Stream<Path> functions = Files.list(root.resolve("functions"))) {
            Stream.concat(Stream.of(root.resolve("shared")), functions)
                    .map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .forEach(sources -> codesIn(sources, answered));
        }
        assertTrue(answered.contains("invite-not-found") && answered.contains("internal-error"),
                "the scan finds codes: " + answered);

        Set<String> documented = new TreeSet<>();
        Matcher row = DOCUMENTED.matcher(Files.readString(root.resolve("docs/api.md"), StandardCharsets.UTF_8));
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(answered, documented, "docs/api.md's error codes against those the sources answer");
    }

    private static void codesIn(Path sources, Set<String> codes) {
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                try {
                    String source = Files.readString(file, StandardCharsets.UTF_8);
                    for (Pattern pattern : new Pattern[] {THROWN, GENERIC}) {
                        Matcher m = pattern.matcher(source);
                        while (m.find()) {
                            codes.add(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
