package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.UnknownRoleException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every rule of {@link Directory}: a role belongs to its org, needs a name, and a rename shows on later invites. */
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
}
