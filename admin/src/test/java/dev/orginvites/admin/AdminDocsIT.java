package dev.orginvites.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.testkit.ApiDocument;
import dev.orginvites.testkit.EmulatorTables;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The admin command as the docs show it: every {@code sh} block of the README and docs/ that says the docs test
 * leaves it to this class is run with {@code sh -e} from the repository's root, through {@code ./org-invites-admin}
 * and the packaged jar, on a fresh table of the emulator named as the local API prints it (the variables the docs
 * export). The docs test (local's LocalLoopIT) runs the other blocks against the local API.
 */
@EmulatorTest
class AdminDocsIT {
    static final String MARKER = "admin's AdminDocsIT runs it";
    static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void everyAdminBlockInTheDocsRunsAsShown() throws Exception {
        Path root = ApiDocument.repositoryRoot();
        String table = EmulatorTables.create(EnumSet.of(SamTemplate.TableFeature.TTL));
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (var docs = Files.list(root.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<String> ran = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                if (!lines.get(i).equals("```sh") || !lines.get(i - 1).contains(MARKER)) {
                    continue;
                }
                int end = i + 1;
                while (!lines.get(end).equals("```")) {
                    end++;
                }
                String where = file.getFileName() + ":" + (i + 1);
                // The export line's values are the ones the local API prints; here, this test's emulator and table.
                String script = lines.subList(i + 1, end).stream().filter(line -> !line.startsWith("export "))
                        .collect(Collectors.joining("\n")) + "\n";
                ProcessBuilder shell = new ProcessBuilder("sh", "-ec", script).directory(root.toFile())
                        .redirectErrorStream(true);
                shell.environment().put("DYNAMODB_ENDPOINT", Fixture.endpoint().toString());
                shell.environment().put("TABLE_NAME", table);
                shell.environment().put("ORG", "9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c");
                Process process = shell.start();
                assertTrue(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), where + " finished");
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, process.exitValue(), where + ":\n" + out);
                assertFalse(out.contains("org-invites-admin:"), where + " printed an error:\n" + out);
                ran.add(where + "\n" + out);
            }
        }
        String all = String.join("\n", ran);
        assertTrue(all.contains("name\tAcme") && all.contains("\tAuditor") && all.contains("removed\t"),
                "the local API page's blocks ran: " + all);
    }
}
