package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orginvites.shared.store.DirectoryOrg;
import dev.orginvites.shared.store.Role;
import dev.orginvites.testkit.InMemoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed is written through the store's Directory, under its rules, as the admin command writes. */
class SeedTest {
    static final String ORG = "2c1d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    static final String ROLE = "4E3D2C1B-0A9F-4E8D-A7C6-B5A4F3E2D1C0";

    @TempDir
    Path dir;

    private Seed read(String json) throws IOException {
        Path file = dir.resolve("seed.json");
        Files.writeString(file, json);
        return Seed.read(file);
    }

    @Test
    void theDemoOrgHasANameAndThreeRoles() {
        InMemoryStore store = new InMemoryStore(Duration.ofDays(7));
        Seed.demo().apply(store.directory());

        DirectoryOrg demo = store.directory().org(Seed.demo().orgs().get(0).id()).orElseThrow();
        assertEquals("Demo Org", demo.name());
        assertEquals(3, demo.roles().size());
    }

    @Test
    void anOrgsNameIsOptionalAndTrimmed() throws IOException {
        Seed seed = read("{\"orgs\":[{\"id\":\"" + ORG + "\",\"name\":\" Acme \",\"roles\":[{\"id\":\"" + ROLE
                + "\",\"name\":\"Developer\"}]},{\"id\":\"7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a\",\"roles\":[]}]}");
        InMemoryStore store = new InMemoryStore(Duration.ofDays(7));
        seed.apply(store.directory());

        assertEquals(Optional.of(new DirectoryOrg(ORG, "Acme", List.of(new Role(ROLE.toLowerCase(java.util.Locale.ROOT), "Developer")))),
                store.directory().org(ORG));
        assertEquals(Optional.empty(), store.directory().org("7d6c5b4a-3f2e-4d1c-9b0a-8f7e6d5c4b3a"));
    }

    @Test
    void aNameTheDirectoryRefusesIsRefusedWithWhereItIs() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> read("{\"orgs\":[{"
                + "\"id\":\"" + ORG + "\",\"name\":\"Ac\\u0007me\",\"roles\":[]}]}"));
        assertEquals(dir.resolve("seed.json") + ": orgs[0].name: the org name holds U+0007 at character 3: no control "
                + "characters, line separators, bidirectional controls or unpaired surrogates", refused.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> read("{\"orgs\":[{"
                + "\"id\":\"" + ORG + "\",\"roles\":[{\"id\":\"" + ROLE + "\",\"name\":\"" + "x".repeat(300)
                + "\"}]}]}"));
        assertEquals(dir.resolve("seed.json") + ": orgs[0].roles[0].name: the role name is 300 characters long; at "
                + "most 256 are allowed", tooLong.getMessage());
        IllegalArgumentException notText = assertThrows(IllegalArgumentException.class, () -> read("{\"orgs\":[{"
                + "\"id\":\"" + ORG + "\",\"name\":7,\"roles\":[]}]}"));
        assertEquals(dir.resolve("seed.json") + ": orgs[0].name must be a string", notText.getMessage());
    }
}
