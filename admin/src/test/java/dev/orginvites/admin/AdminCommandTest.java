package dev.orginvites.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.DirectoryOrg;
import dev.orginvites.shared.store.Role;
import dev.orginvites.testkit.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin command's commands, output, refusals and exit codes, run in this JVM on the in-memory twin of the
 * directory (so in the quick tier); {@link AdminCommandEmulatorTest} runs them on the emulator's table. Every refusal
 * is checked to write nothing, and to need no table at all.
 */
class AdminCommandTest {
    private final InMemoryStore store = new InMemoryStore(Duration.ofDays(7));
    private final List<TableSettings> used = new ArrayList<>();
    private final String org = UUID.randomUUID().toString();
    private final String role = UUID.randomUUID().toString();

    private Run run(String... args) {
        return Run.of(Map.of(), settings -> {
            used.add(settings);
            return store;
        }, args);
    }

    private Run onTable(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", "t", "--endpoint", "http://127.0.0.1:9"));
        return run(all.toArray(String[]::new));
    }

    @Test
    void everyCommandPutsListsRemovesNamesAndShows() {
        String second = "00000000-0000-4000-8000-000000000000"; // sorts first
        assertEquals(new Run(0, "role\t" + role + "\tDeveloper\n", ""), onTable("role", "put", "--org", org,
                "--role", role, "--name", "  Developer "));
        assertEquals(0, onTable("role", "put", "--org", org, "--role", second, "--name", "Org Admin").exitCode());
        assertEquals(new Run(0, "role\t" + second + "\tOrg Admin\nrole\t" + role + "\tDeveloper\n", ""),
                onTable("role", "list", "--org", org));
        assertEquals(new Run(0, "org\t" + org + "\nname\tAcme \u00C9quipe\n", ""), onTable("org", "name",
                "--org", org, "--name", "Acme \u00C9quipe"));
        assertEquals(new Run(0, "org\t" + org + "\nname\tAcme \u00C9quipe\nrole\t" + second + "\tOrg Admin\nrole\t"
                + role + "\tDeveloper\n", ""), onTable("org", "show", "--org", org));
        assertEquals(new Run(0, "org\t" + org + "\ninvites_per_day\t500\n", ""), onTable("org", "quota", "--org",
                org, "--invites-per-day", "500"));
        assertEquals(new Run(0, "org\t" + org + "\nname\tAcme \u00C9quipe\ninvites_per_day\t500\nrole\t" + second
                + "\tOrg Admin\nrole\t" + role + "\tDeveloper\n", ""), onTable("org", "show", "--org", org));
        assertEquals(Optional.of(500), store.directory().inviteQuota(org));
        assertEquals(new Run(0, "removed\t" + second + "\n", ""), onTable("role", "remove", "--org", org,
                "--role", second));
        assertEquals(List.of(new Role(role, "Developer")), store.directory().roles(org));
        assertEquals(Optional.of(new DirectoryOrg(org, "Acme \u00C9quipe", List.of(new Role(role, "Developer")), 500)),
                store.directory().org(org));
        assertEquals(new Run(0, "org\t" + org + "\ninvites_per_day\tdefault\n", ""), onTable("org", "quota", "--org",
                org, "--default"));
        assertEquals(Optional.empty(), store.directory().inviteQuota(org));
    }

    /** The twin indexes every member as they join, so indexing an org finds nothing to write, and says so. */
    @Test
    void indexingMembersPrintsHowManyWereIndexed() {
        assertEquals(new Run(0, "indexed\t" + org + "\t0\n", ""), onTable("members", "index", "--org",
                org.toUpperCase(java.util.Locale.ROOT)));
    }

    @Test
    void idsAreShownAndKeptInLowerCase() {
        Run put = onTable("role", "put", "--org", org.toUpperCase(), "--role", role.toUpperCase(), "--name", "Dev");
        assertEquals(new Run(0, "role\t" + role + "\tDev\n", ""), put);
        assertEquals(List.of(new Role(role, "Dev")), store.directory().roles(org));
    }

    @Test
    void anOrgWithNoRolesListsNothingAndShowsItsNameAlone() {
        assertEquals(new Run(0, "", ""), onTable("role", "list", "--org", org));
        onTable("org", "name", "--org", org, "--name", "Acme");
        assertEquals(new Run(0, "org\t" + org + "\nname\tAcme\n", ""), onTable("org", "show", "--org", org));
    }

    @Test
    void anOrgWithRolesAndNoNameShowsItsRoles() {
        store.directory().putRole(org, role, "Developer");
        assertEquals(new Run(0, "org\t" + org + "\nrole\t" + role + "\tDeveloper\n", ""),
                onTable("org", "show", "--org", org));
    }

    @Test
    void removingARoleTheOrgDoesNotHaveIsRefusedWithExit3() {
        String other = UUID.randomUUID().toString();
        store.directory().putRole(other, role, "Other's");

        Run removed = onTable("role", "remove", "--org", org, "--role", role);

        assertEquals(new Run(3, "", "org-invites-admin: org " + org + " has no role " + role + "\n"), removed);
        assertEquals(List.of(new Role(role, "Other's")), store.directory().roles(other), "another org's role stays");
    }

    @Test
    void anOrgWithNeitherNameNorRolesIsNotInTheDirectory() {
        Run shown = onTable("org", "show", "--org", org);
        assertEquals(new Run(3, "", "org-invites-admin: org " + org
                + " is not in the directory: it has no name, no roles and no quota\n"), shown);
    }

    @Test
    void anOrgWithOnlyAQuotaIsShown() {
        assertEquals(0, onTable("org", "quota", "--org", org, "--invites-per-day", "1000").exitCode());

        assertEquals(new Run(0, "org\t" + org + "\ninvites_per_day\t1000\n", ""), onTable("org", "show", "--org", org));
    }

    static Stream<Arguments> refusals() {
        String org = UUID.randomUUID().toString();
        String role = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of(List.of("role", "put", "--org", "acme", "--role", role, "--name", "Dev"), "--org: the "
                        + "org id must be a UUID"),
                Arguments.of(List.of("role", "put", "--org", org, "--role", "ROLE#" + role, "--name", "Dev"),
                        "--role: the role id must be a UUID"),
                Arguments.of(List.of("role", "put", "--org", org, "--role", role, "--name", "  "),
                        "--name: the role name is missing or blank"),
                Arguments.of(List.of("role", "put", "--org", org, "--role", role, "--name", "Dev\u0007"),
                        "--name: the role name holds U+0007 at character 4"),
                Arguments.of(List.of("role", "put", "--org", org, "--role", role, "--name", "x".repeat(10_000)),
                        "--name: the role name is 10000 characters long; at most 256 are allowed"),
                Arguments.of(List.of("role", "list", "--org", org + "'; --"), "--org: the org id must be a UUID"),
                Arguments.of(List.of("role", "remove", "--org", org, "--role", "*"), "--role: the role id must be a "
                        + "UUID"),
                Arguments.of(List.of("org", "name", "--org", org, "--name", "Acme\nrole\tforged\tAdmin"),
                        "--name: the org name holds U+000A at character 5"),
                Arguments.of(List.of("org", "name", "--org", org, "--name", "\u202EnimdA"),
                        "--name: the org name holds U+202E at character 1"),
                Arguments.of(List.of("org", "name", "--org", org, "--name", ""), "--name: the org name is missing or "
                        + "blank"),
                Arguments.of(List.of("org", "show", "--org", ""), "--org: the org id must be a UUID"),
                Arguments.of(List.of("members", "index", "--org", "ORG#" + org), "--org: the org id must be a UUID"),
                Arguments.of(List.of("org", "quota", "--org", org, "--invites-per-day", "0"),
                        "--invites-per-day: the invites per day must be 1 to 1000"),
                Arguments.of(List.of("org", "quota", "--org", org, "--invites-per-day", "1001"),
                        "--invites-per-day: the invites per day must be 1 to 1000"),
                Arguments.of(List.of("org", "quota", "--org", "acme", "--invites-per-day", "5"),
                        "--org: the org id must be a UUID"),
                Arguments.of(List.of("org", "quota", "--org", org), "give one of --invites-per-day N and --default"),
                Arguments.of(List.of("org", "quota", "--org", org, "--invites-per-day", "5", "--default"),
                        "give one of --invites-per-day N and --default"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void anInvalidIdOrNameIsRefusedWithExit2BeforeAnyTableIsUsed(List<String> args, String message) {
        Run refused = onTable(args.toArray(String[]::new));

        assertEquals(2, refused.exitCode(), refused.toString());
        assertEquals("", refused.out());
        assertTrue(refused.err().startsWith("org-invites-admin: " + message), refused.toString());
        assertEquals(1, refused.err().lines().count(), refused.toString());
        assertTrue(refused.err().length() < 300, "the value is not echoed: " + refused);
        assertEquals(List.of(), used, "no table was needed");
    }

    static Stream<Arguments> wrongCommandLines() {
        String org = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of(List.of(), "Missing a command: role, org or members"),
                Arguments.of(List.of("members"), "Missing a command: index"),
                Arguments.of(List.of("members", "index"), "Missing required option: '--org=ORG'"),
                Arguments.of(List.of("role"), "Missing a command: put, list or remove"),
                Arguments.of(List.of("org"), "Missing a command: name, quota or show"),
                Arguments.of(List.of("org", "quota", "--org", org, "--invites-per-day", "fifty"),
                        "Invalid value for option '--invites-per-day': 'fifty' is not an int"),
                Arguments.of(List.of("roles"), "Unmatched argument at index 0: 'roles'"),
                Arguments.of(List.of("role", "put", "--org", org, "--name", "Dev"),
                        "Missing required option: '--role=ROLE'"),
                Arguments.of(List.of("role", "list"), "Missing required option: '--org=ORG'"),
                Arguments.of(List.of("role", "list", "--org", org, "--colour"), "Unknown option: '--colour'"),
                Arguments.of(List.of("org", "name", "--org", org), "Missing required option: '--name=NAME'"),
                Arguments.of(List.of("org", "show", "--org"), "Missing required parameter for option '--org' (ORG)"));
    }

    @ParameterizedTest
    @MethodSource("wrongCommandLines")
    void aWrongCommandLineIsRefusedWithExit2AndTheUsage(List<String> args, String message) {
        Run refused = run(args.toArray(String[]::new));

        assertEquals(2, refused.exitCode(), refused.toString());
        assertEquals("", refused.out());
        assertTrue(refused.err().startsWith(message), refused.toString());
        assertTrue(refused.err().contains("Usage: org-invites-admin") || refused.err().contains("Did you mean: "
                + "org-invites-admin role?"), "the usage, or what was meant: " + refused);
        assertEquals(List.of(), used);
    }

    @Test
    void aCommandWithoutATableSaysHowToNameOne() {
        Run refused = run("role", "list", "--org", org);
        assertEquals(new Run(2, "", "org-invites-admin: no table: give --table TABLE or set TABLE_NAME\n"), refused);
    }

    @Test
    void anEndpointMustBeAnHttpUrl() {
        Run refused = run("role", "list", "--org", org, "--table", "t", "--endpoint", "127.0.0.1:4566");
        assertEquals(new Run(2, "", "org-invites-admin: the endpoint must be an http(s) URL, such as "
                + "http://127.0.0.1:4566\n"), refused);
    }

    @Test
    void theTableAndEndpointComeFromTheEnvironmentUnlessGivenAndAnEndpointMeansTheEmulatorsRegion() {
        Map<String, String> env = Map.of("TABLE_NAME", "from-env", "DYNAMODB_ENDPOINT", "http://127.0.0.1:4566");
        Run listed = Run.of(env, settings -> {
            used.add(settings);
            return store;
        }, "role", "list", "--org", org);
        Run given = Run.of(env, settings -> {
            used.add(settings);
            return store;
        }, "role", "list", "--org", org, "--table", "given", "--endpoint", "http://localhost:8000", "--region",
                "eu-west-1");

        assertEquals(0, listed.exitCode(), listed.toString());
        assertEquals(0, given.exitCode(), given.toString());
        assertEquals(List.of("from-env", "http://127.0.0.1:4566", "us-east-1"), List.of(used.get(0).tableName(),
                used.get(0).dynamoDbEndpoint().toString(), used.get(0).region()));
        assertEquals(List.of("given", "http://localhost:8000", "eu-west-1"), List.of(used.get(1).tableName(),
                used.get(1).dynamoDbEndpoint().toString(), used.get(1).region()));
    }

    static Stream<List<String>> commands() {
        return Stream.of(List.of(), List.of("role"), List.of("role", "put"), List.of("role", "list"),
                List.of("role", "remove"), List.of("org"), List.of("org", "name"), List.of("org", "show"),
                List.of("members"), List.of("members", "index"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandHasHelp(List<String> command) {
        for (String flag : List.of("--help", "-h")) {
            List<String> args = new ArrayList<>(command);
            args.add(flag);
            Run help = run(args.toArray(String[]::new));

            assertEquals(0, help.exitCode(), help.toString());
            assertEquals("", help.err());
            assertTrue(help.out().startsWith("Usage: org-invites-admin" + (command.isEmpty() ? "" : " "
                    + String.join(" ", command))), help.toString());
            assertTrue(help.out().contains("--help"), help.toString());
        }
        Run viaHelp = run(Stream.concat(Stream.of("help"), command.stream()).toArray(String[]::new));
        assertEquals(0, viaHelp.exitCode(), viaHelp.toString());
        assertTrue(viaHelp.out().startsWith("Usage: org-invites-admin"), viaHelp.toString());
        assertEquals(List.of(), used);
    }

    @Test
    void theRootsHelpNamesTheCommandsAndTheExitCodes() {
        String help = run("--help").out();
        for (String expected : List.of("role", "org", "members", "--table", "TABLE_NAME", "--endpoint", "DYNAMODB_ENDPOINT",
                "Exit codes: 0 done, 1 the table could not be used, 2 the command line is wrong")) {
            assertTrue(help.contains(expected), expected + " in:\n" + help);
        }
        String put = run("role", "put", "--help").out();
        for (String expected : List.of("--org=ORG", "--role=ROLE", "--name=NAME", "--table=TABLE", "--endpoint=URL",
                "--region=REGION", "role<TAB>ROLE<TAB>NAME")) {
            assertTrue(put.contains(expected), expected + " in:\n" + put);
        }
        assertFalse(run("role", "remove", "--help").out().isEmpty());
    }
}
