package dev.orginvites.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.InviteQuotaExceededException;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import dev.orginvites.testkit.EmulatorTables;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The admin command in this JVM as a user runs it, against a fresh table on the emulator: every command, its output
 * and exit code, what it wrote as the table holds it, and an attacker's arguments. The store's own client, made from
 * {@code --endpoint} and {@code --table} as the command makes it.
 */
@EmulatorTest
class AdminCommandEmulatorTest {
    private final String table = EmulatorTables.create(EnumSet.of(SamTemplate.TableFeature.TTL));
    private final String endpoint = Fixture.endpoint().toString();
    private final String org = UUID.randomUUID().toString();
    private final String otherOrg = UUID.randomUUID().toString();
    private final String role = UUID.randomUUID().toString();

    private Run admin(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table, "--endpoint", endpoint));
        return Run.of(Map.of(), null, all.toArray(String[]::new));
    }

    private DynamoTable store() {
        return new DynamoTable(Fixture.client(), table, Duration.ofDays(7));
    }

    @Test
    void everyCommandOnTheTable() {
        assertEquals(new Run(0, "role\t" + role + "\tDeveloper\n", ""),
                admin("role", "put", "--org", org, "--role", role, "--name", "Developer"));
        assertEquals(new Run(0, "role\t" + role + "\tEngineer\n", ""),
                admin("role", "put", "--org", org, "--role", role, "--name", "Engineer"));
        assertEquals(new Run(0, "role\t" + role + "\tEngineer\n", ""), admin("role", "list", "--org", org));
        assertEquals(new Run(0, "org\t" + org + "\nname\tAcme\n", ""), admin("org", "name", "--org", org, "--name",
                "Acme"));
        assertEquals(new Run(0, "org\t" + org + "\nname\tAcme\nrole\t" + role + "\tEngineer\n", ""),
                admin("org", "show", "--org", org));

        Map<String, AttributeValue> named = Fixture.client().getItem(r -> r.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("ORG#" + org), "sk", AttributeValue.fromS("ORG")))).item();
        assertEquals(Map.of("pk", "ORG#" + org, "sk", "ORG", "item_type", "org", "org_id", org, "name", "Acme"),
                strings(named), "the org's entry as the table holds it");
        Map<String, AttributeValue> put = Fixture.client().getItem(r -> r.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("ORG#" + org), "sk", AttributeValue.fromS("ROLE#" + role)))).item();
        assertEquals(Map.of("pk", "ORG#" + org, "sk", "ROLE#" + role, "item_type", "role", "role_id", role,
                "name", "Engineer"), strings(put), "the role as the API reads it");

        assertEquals(new Run(0, "removed\t" + role + "\n", ""), admin("role", "remove", "--org", org, "--role", role));
        assertEquals(new Run(0, "", ""), admin("role", "list", "--org", org));
        assertEquals(new Run(3, "", "org-invites-admin: org " + org + " has no role " + role + "\n"),
                admin("role", "remove", "--org", org, "--role", role));
        assertEquals(new Run(3, "", "org-invites-admin: org " + otherOrg
                + " is not in the directory: it has no name, no roles and no quota\n"), admin("org", "show", "--org",
                otherOrg));
    }

    /**
     * An org's own quota, set by the command, is what the API counts its sends against, in place of the table's
     * default; renaming the org afterwards keeps the count.
     */
    @Test
    void anOrgsQuotaIsWhatItsSendsAreCountedAgainst() {
        admin("role", "put", "--org", org, "--role", role, "--name", "Developer");
        assertEquals(new Run(0, "org\t" + org + "\ninvites_per_day\t2\n", ""),
                admin("org", "quota", "--org", org, "--invites-per-day", "2"));
        DynamoTable store = new DynamoTable(Fixture.client(), table, Duration.ofDays(7), new InviteQuota(50));
        Instant now = Instant.now();
        store.invitations().create(org, "ada@example.com", role, "admin", now);
        store.invitations().create(org, "bob@example.com", role, "admin", now);

        assertEquals(0, admin("org", "name", "--org", org, "--name", "Acme").exitCode());

        assertThrows(InviteQuotaExceededException.class, () -> store.invitations().create(org, "carol@example.com",
                role, "admin", now));
        assertEquals(new Run(0, "org\t" + org + "\nname\tAcme\ninvites_per_day\t2\nrole\t" + role
                + "\tDeveloper\n", ""), admin("org", "show", "--org", org));
        Map<String, AttributeValue> quota = Fixture.client().getItem(r -> r.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("ORG#" + org), "sk", AttributeValue.fromS("QUOTA")))).item();
        assertEquals("2", quota.get("invites_per_day").n());
        assertEquals(List.of(now.toEpochMilli(), now.toEpochMilli()),
                quota.get("sent_at").l().stream().map(at -> Long.parseLong(at.n())).toList(), "the sends counted");

        assertEquals(0, admin("org", "quota", "--org", org, "--invites-per-day", "3").exitCode());
        store.invitations().create(org, "carol@example.com", role, "admin", now);
    }

    /** What the command puts, the API grants; what it removes, new invitations cannot name, and made ones keep. */
    @Test
    void aRolePutIsGrantedAndARemovedOneIsKeptByWhatWasMadeWithIt() {
        DynamoTable store = store();
        admin("role", "put", "--org", org, "--role", role, "--name", "Developer");
        Instant now = Instant.now();
        Invite pending = store.invitations().create(org, "ada@example.com", role, "admin", now);
        Invite accepted = store.invitations().create(org, "lin@example.com", role, "admin", now);
        String nonce = store.invitations().issued(org, accepted.id(), now).orElseThrow().tokenNonce();
        Membership member = store.memberships().accept(org, accepted.id(), nonce, "lin", now).orElseThrow();

        assertEquals(0, admin("role", "remove", "--org", org, "--role", role).exitCode());

        assertThrows(UnknownRoleException.class, () -> store.invitations().create(org, "new@example.com", role,
                "admin", now));
        assertEquals("Developer", store.invitations().find(org, pending.id(), now).orElseThrow().roleName());
        List<Membership> members = store.memberships().list(org, PageRequest.first(10)).memberships();
        assertEquals(List.of(List.of(member.id(), role, "Developer")),
                members.stream().map(m -> List.of(m.id(), m.roleId(), m.roleName())).toList());
    }

    /**
     * Members who joined before the address index have no entry (made here by deleting the entries an accept wrote):
     * {@code members index} writes them, once, and the store's email filter then finds them.
     */
    @Test
    void membersIndexWritesTheEntriesMembersWhoJoinedBeforeTheIndexLackOnce() {
        DynamoTable store = store();
        admin("role", "put", "--org", org, "--role", role, "--name", "Developer");
        Instant now = Instant.now();
        List<String> joined = new ArrayList<>();
        for (String email : List.of("ada@example.com", "Ada@Example.com", "lin@example.com")) {
            Invite invite = store.invitations().create(org, email, role, "admin", now);
            String nonce = store.invitations().issued(org, invite.id(), now).orElseThrow().tokenNonce();
            joined.add(store.memberships().accept(org, invite.id(), nonce, "user-" + joined.size(), now)
                    .orElseThrow().id());
        }
        store.memberships().add(org, "added", role, "admin", now);
        for (Map<String, AttributeValue> entry : Fixture.client().scan(r -> r.tableName(table)).items()) {
            if (entry.get("sk").s().startsWith("MAILBOX#")) {
                Fixture.client().deleteItem(r -> r.tableName(table).key(Map.of("pk", entry.get("pk"),
                        "sk", entry.get("sk"))));
            }
        }
        assertEquals(List.of(), store.memberships().listByEmail(org, "ada@example.com", PageRequest.first(10))
                .memberships());

        assertEquals(new Run(0, "indexed\t" + org + "\t3\n", ""), admin("members", "index", "--org", org));
        assertEquals(new Run(0, "indexed\t" + org + "\t0\n", ""), admin("members", "index", "--org", org));
        assertEquals(new Run(0, "indexed\t" + otherOrg + "\t0\n", ""), admin("members", "index", "--org", otherOrg));

        assertEquals(joined.subList(0, 2), store.memberships().listByEmail(org, "ADA@example.com",
                PageRequest.first(10)).memberships().stream().map(Membership::id).toList());
        assertEquals(List.of(joined.get(2)), store.memberships().listByEmail(org, "lin@example.com",
                PageRequest.first(10)).memberships().stream().map(Membership::id).toList());
    }

    @Test
    void theTableAndEndpointMayComeFromTheEnvironment() {
        Run put = Run.of(Map.of("TABLE_NAME", table, "DYNAMODB_ENDPOINT", endpoint), null,
                "role", "put", "--org", org, "--role", role, "--name", "Developer");
        assertEquals(new Run(0, "role\t" + role + "\tDeveloper\n", ""), put);
        assertEquals(new Run(0, "role\t" + role + "\tDeveloper\n", ""), admin("role", "list", "--org", org));
    }

    @Test
    void aTableThatDoesNotExistIsAFailureThatSaysSo() {
        Run missing = Run.of(Map.of(), null, "role", "list", "--org", org, "--table", "no-such-table-" + org,
                "--endpoint", endpoint);
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals("", missing.out());
        assertTrue(missing.err().startsWith("org-invites-admin: the table was not found (check --table, and "
                + "--endpoint or --region)"), missing.toString());
    }

    /** What someone controlling the arguments could try: none of it writes anything or reaches another org. */
    @Test
    void anAttackersArgumentsWriteNothing() {
        admin("role", "put", "--org", org, "--role", role, "--name", "Developer");
        String othersRole = UUID.randomUUID().toString();
        admin("role", "put", "--org", otherOrg, "--role", othersRole, "--name", "Owner");

        List<Run> refused = List.of(
                admin("role", "put", "--org", "ORG#" + otherOrg, "--role", role, "--name", "x"),
                admin("role", "put", "--org", org + "\u0000", "--role", role, "--name", "x"),
                admin("role", "list", "--org", "*"),
                admin("org", "show", "--org", "../" + otherOrg),
                admin("role", "put", "--org", org, "--role", role, "--name", "Dev\r\nrole\tforged\tOwner"),
                admin("role", "put", "--org", org, "--role", role, "--name", "\u001B[2J\u001B[31mOwner"),
                admin("org", "name", "--org", org, "--name", "x".repeat(10_000)),
                admin("org", "name", "--org", org, "--name", "\u202Etset"));
        for (Run run : refused) {
            assertEquals(2, run.exitCode(), run.toString());
            assertEquals("", run.out());
            assertTrue(run.err().length() < 300 && !run.err().contains("\u001B") && !run.err().contains("forged"),
                    "the value is not echoed: " + run);
        }
        Run othersRoleHere = admin("role", "remove", "--org", org, "--role", othersRole);
        assertEquals(3, othersRoleHere.exitCode(), "another org's role is not this org's: " + othersRoleHere);

        assertEquals(new Run(0, "org\t" + org + "\nrole\t" + role + "\tDeveloper\n", ""),
                admin("org", "show", "--org", org));
        assertEquals(new Run(0, "org\t" + otherOrg + "\nrole\t" + othersRole + "\tOwner\n", ""),
                admin("org", "show", "--org", otherOrg));
        assertEquals(2, Fixture.client().scan(r -> r.tableName(table)).count(), "nothing else was written");
    }

    private static Map<String, String> strings(Map<String, AttributeValue> item) {
        Map<String, String> strings = new java.util.TreeMap<>();
        item.forEach((name, value) -> strings.put(name, value.s()));
        return strings;
    }
}
