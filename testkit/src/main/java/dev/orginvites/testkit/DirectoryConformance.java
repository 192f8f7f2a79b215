package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.DirectoryOrg;
import dev.orginvites.shared.store.DirectoryRules;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Role;
import dev.orginvites.shared.store.UnknownRoleException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of {@link Directory}: a role belongs to its org and needs a name; a rename shows on later invites; an
 * org's roles are listed in id order and only its own; a removed role is refused to new creates while what was made
 * with it keeps it; an org has a name; and ids and names are checked by {@link DirectoryRules} before anything is
 * written.
 */
public abstract class DirectoryConformance extends StoreConformance {
    @Test
    void aRoleMustExistInTheOrg() {
        assertThrows(UnknownRoleException.class, () -> store.invitations().create(org, "a@example.com",
                UUID.randomUUID().toString(), "inviter", now));
        assertThrows(UnknownRoleException.class, () -> store.invitations().create(org, "a@example.com", otherOrgsRole, "inviter",
                now));
        assertEquals(List.of(), pendingIds());
        invite("a@example.com");
    }

    @Test
    void aRoleNeedsANameAndARenameShowsOnLaterInvites() {
        assertThrows(IllegalArgumentException.class, () -> store.directory().putRole(org, role, " "));
        assertThrows(IllegalArgumentException.class, () -> store.directory().putRole(org, role, null));
        Invite before = invite("before@example.com");

        store.directory().putRole(org, role, "Engineer");

        assertEquals("Engineer", invite("after@example.com").roleName());
        assertEquals("Developer", page(store, PageRequest.first(10)).invites().get(0).roleName());
        assertEquals(before.id(), pendingIds().get(0));
    }

    @Test
    void anOrgsRolesAreListedInIdOrderAndOnlyItsOwn() {
        List<Role> expected = new ArrayList<>(List.of(new Role(role, "Developer")));
        for (int i = 0; i < 5; i++) {
            String id = UUID.randomUUID().toString();
            store.directory().putRole(org, id, "Role " + i);
            expected.add(new Role(id, "Role " + i));
        }
        expected.sort((a, b) -> a.id().compareTo(b.id()));
        created(3); // invitations and a membership in the partition are no roles
        accept(invite("member@example.com"), "user-1");

        assertEquals(expected, store.directory().roles(org));
        assertEquals(List.of(new Role(otherOrgsRole, "Collaborator")), store.directory().roles(otherOrg));
        assertEquals(List.of(), store.directory().roles(UUID.randomUUID().toString()));
    }

    @Test
    void aRenameReplacesTheRolesNameInTheList() {
        store.directory().putRole(org, role, " \t Engineer \n");

        assertEquals(List.of(new Role(role, "Engineer")), store.directory().roles(org), "stored trimmed");
    }

    @Test
    void idsAreKeptInLowerCaseSoTheApiFindsThem() {
        String upperRole = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        store.directory().putRole(org.toUpperCase(Locale.ROOT), upperRole, "Auditor");

        assertTrue(store.directory().roles(org).contains(new Role(upperRole.toLowerCase(Locale.ROOT), "Auditor")));
        assertEquals("Auditor", store.invitations().create(org, "a@example.com", upperRole.toLowerCase(Locale.ROOT),
                "inviter", now).roleName());
        assertTrue(store.directory().removeRole(org, upperRole));
        assertFalse(store.directory().roles(org).stream().anyMatch(r -> r.name().equals("Auditor")));
    }

    /**
     * A removed role is gone for new creates (the 400 of any unknown role); what was made with it keeps it: a pending
     * invitation (and its resend) keeps its role id and name, and accepting it makes a membership with them.
     */
    @Test
    void aRemovedRoleIsRefusedToNewCreatesAndKeptByWhatWasMadeWithIt() {
        Invite pending = invite("pending@example.com");
        Invite toResend = invite("resent@example.com");
        Membership member = accept(invite("member@example.com"), "user-1");

        assertTrue(store.directory().removeRole(org, role));

        assertEquals(List.of(), store.directory().roles(org));
        assertThrows(UnknownRoleException.class, () -> invite("new@example.com"));
        assertEquals(Optional.of(pending), store.invitations().find(org, pending.id(), now));
        now = now.plus(INTERVAL);
        IssuedInvite resent = store.invitations().resend(org, toResend.id(), "admin", INTERVAL, now).orElseThrow();
        assertEquals(List.of(role, "Developer"), List.of(resent.invite().roleId(), resent.invite().roleName()));
        Membership joined = accept(pending, "user-2");
        assertEquals(List.of(role, "Developer"), List.of(joined.roleId(), joined.roleName()));
        assertEquals(List.of(member.id(), joined.id()), membershipIds(memberships(PageRequest.first(10))));

        store.directory().putRole(org, role, "Developer II");
        assertEquals("Developer II", invite("new@example.com").roleName(), "a role removed can be put again");
    }

    @Test
    void removingARoleTheOrgDoesNotHaveSaysSoAndChangesNothing() {
        assertFalse(store.directory().removeRole(org, UUID.randomUUID().toString()));
        assertFalse(store.directory().removeRole(org, otherOrgsRole), "another org's role is not this org's");
        assertEquals(List.of(new Role(otherOrgsRole, "Collaborator")), store.directory().roles(otherOrg));
        assertTrue(store.directory().removeRole(org, role));
        assertFalse(store.directory().removeRole(org, role), "removed twice");
    }

    @Test
    void anOrgHasANameOnceGivenOneAndARenameReplacesIt() {
        assertEquals(Optional.empty(), store.directory().orgName(org));

        store.directory().nameOrg(org, " Acme ");
        assertEquals(Optional.of("Acme"), store.directory().orgName(org));
        store.directory().nameOrg(org, "Acme Corp \u00E9\u958B\u767A \uD83D\uDE80");
        assertEquals(Optional.of("Acme Corp \u00E9\u958B\u767A \uD83D\uDE80"), store.directory().orgName(org));
        assertEquals(Optional.empty(), store.directory().orgName(otherOrg));
        assertEquals(List.of(new Role(role, "Developer")), store.directory().roles(org), "a name is no role");
        assertEquals(List.of(), pendingIds(), "nor an invitation");
    }

    @Test
    void anOrgShowsItsNameAndRolesOrNothingWhenItHasNeither() {
        String nameless = UUID.randomUUID().toString();
        String roleless = UUID.randomUUID().toString();
        store.directory().nameOrg(roleless, "Roleless");
        store.directory().nameOrg(org, "Acme");

        assertEquals(Optional.of(new DirectoryOrg(org, "Acme", List.of(new Role(role, "Developer")))),
                store.directory().org(org));
        assertEquals(Optional.of(new DirectoryOrg(otherOrg, null, List.of(new Role(otherOrgsRole, "Collaborator")))),
                store.directory().org(otherOrg));
        assertEquals(Optional.of(new DirectoryOrg(roleless, "Roleless", List.of())), store.directory().org(roleless));
        assertEquals(Optional.empty(), store.directory().org(nameless));
    }

    /** Ids the directory refuses: anything but a UUID in the 8-4-4-4-12 form the API accepts. */
    static Stream<String> invalidIds() {
        String uuid = "9f3c2b1a-5d4e-4f6a-8b7c-0d1e2f3a4b5c";
        return Stream.of(null, "", " ", "org", uuid + " ", " " + uuid, "{" + uuid + "}", uuid.replace("-", ""),
                uuid.substring(1), uuid + "0", uuid.replace('9', 'g'), "ORG#" + uuid, "ROLE#" + uuid,
                uuid + "\u0000", "\uFF19" + uuid.substring(1), "1-1-1-1-1", "x".repeat(10_000));
    }

    /** Names the directory refuses: missing or blank, too long, or holding a character a name may not. */
    static Stream<String> invalidNames() {
        return Stream.of(null, "", " ", " \t\n ", "\u3000", "x".repeat(DirectoryRules.MAX_NAME_LENGTH + 1),
                "x".repeat(10_000), "\uD83D\uDE80".repeat(DirectoryRules.MAX_NAME_LENGTH + 1),
                "Dev\u0000eloper", "Dev\neloper", "Dev\reloper", "Dev\teloper", "Dev\u0007eloper", "Dev\u007Feloper",
                "Dev\u0085eloper", "Dev\u009Beloper", "Dev\u2028eloper", "Dev\u2029eloper", "Dev\u202Eeloper",
                "Dev\u2066eloper", "\u001B[31mRed", "Dev\uD800eloper", "Dev\uDC00eloper");
    }

    /** Each of the directory's writes and reads that takes an id, with a valid value for the other arguments. */
    static Stream<Arguments> callsTakingAnOrgId() {
        String role = UUID.randomUUID().toString();
        return Stream.<Arguments>of(
                Arguments.of("putRole", (BiConsumer<Directory, String>) (d, id) -> d.putRole(id, role, "Developer")),
                Arguments.of("roles", (BiConsumer<Directory, String>) Directory::roles),
                Arguments.of("removeRole", (BiConsumer<Directory, String>) (d, id) -> d.removeRole(id, role)),
                Arguments.of("nameOrg", (BiConsumer<Directory, String>) (d, id) -> d.nameOrg(id, "Acme")),
                Arguments.of("orgName", (BiConsumer<Directory, String>) Directory::orgName),
                Arguments.of("org", (BiConsumer<Directory, String>) Directory::org));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callsTakingAnOrgId")
    void everyCallRefusesAnOrgIdThatIsNoUuid(String call, BiConsumer<Directory, String> make) {
        List<String> ids = invalidIds().toList();
        for (String id : ids) {
            refused(() -> make.accept(store.directory(), id), call + "(" + shown(id) + ")", "org id");
        }
        assertUnchanged();
    }

    @Test
    void putAndRemoveRefuseARoleIdThatIsNoUuid() {
        for (String id : invalidIds().toList()) {
            refused(() -> store.directory().putRole(org, id, "Developer"), "putRole " + shown(id), "role id");
            refused(() -> store.directory().removeRole(org, id), "removeRole " + shown(id), "role id");
        }
        assertUnchanged();
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void aRoleOrOrgNameMustBeShortVisibleTextAndNothingIsWrittenOtherwise(String name) {
        refused(() -> store.directory().putRole(org, role, name), "role " + shown(name), "role name");
        refused(() -> store.directory().putRole(org, UUID.randomUUID().toString(), name), "new role " + shown(name),
                "role name");
        refused(() -> store.directory().nameOrg(org, name), "org " + shown(name), "org name");
        assertUnchanged();
    }

    static Stream<String> validNames() {
        return Stream.of("D", "x".repeat(DirectoryRules.MAX_NAME_LENGTH),
                "\uD83D\uDE80".repeat(DirectoryRules.MAX_NAME_LENGTH), "Org Admin (EU) \u2013 \u00E9quipe",
                "\u958B\u767A\u8005", "\u0645\u0637\u0648\u0631", "Dev\u00A0Ops", "<script>alert(1)</script>",
                "'; DROP TABLE roles; --", "ROLE#x", "\"quoted\" & <b>");
    }

    @ParameterizedTest
    @MethodSource("validNames")
    void anyOtherNameUpToTheBoundIsKeptAsGiven(String name) {
        store.directory().putRole(org, role, name);
        store.directory().nameOrg(org, name);

        assertEquals(List.of(new Role(role, name)), store.directory().roles(org));
        assertEquals(Optional.of(name), store.directory().orgName(org));
        assertEquals(name, invite("a@example.com").roleName());
    }

    private void refused(Executable call, String what, String naming) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, call, what);
        assertTrue(refused.getMessage().contains(naming), what + ": " + refused.getMessage());
        assertTrue(refused.getMessage().length() < 200, what + ": the message does not echo the value");
    }

    private void assertUnchanged() {
        assertEquals(List.of(new Role(role, "Developer")), store.directory().roles(org));
        assertEquals(List.of(new Role(otherOrgsRole, "Collaborator")), store.directory().roles(otherOrg));
        assertEquals(Optional.empty(), store.directory().orgName(org));
    }

    private static String shown(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 40 ? value.substring(0, 40) + "...(" + value.length() + ")" : value;
        StringBuilder shown = new StringBuilder();
        cut.chars().forEach(c -> shown.append(c < 0x20 || c > 0x7E ? String.format(Locale.ROOT, "\\u%04X", c)
                : String.valueOf((char) c)));
        return shown.toString();
    }
}
