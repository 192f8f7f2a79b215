package dev.orginvites.bench;

import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.store.PageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A store that answers at once, so that a benchmark of a handler measures the handler's own work (parsing,
 * authorization, version resolution, rendering) and nothing of DynamoDB's. Creates always succeed, cancels always
 * find their invite, and every page is the same {@code pageSize} invites with more to follow.
 */
final class InMemoryInviteStore implements InviteStore {
    private final List<Invite> page;
    /** The cursor after each invite, made once so that a page costs the handler's work only. */
    private final List<String> nextCursors;

    InMemoryInviteStore(String orgId, int pageSize) {
        List<Invite> invites = new ArrayList<>();
        for (int i = 0; i < pageSize; i++) {
            invites.add(new Invite(UUID.randomUUID().toString(), orgId, "person" + i + "@example.com",
                    UUID.randomUUID().toString(), "Developer"));
        }
        page = List.copyOf(invites);
        nextCursors = invites.stream().map(invite -> Cursor.of(invite.id())).toList();
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, Instant now) {
        return new Invite("0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e", orgId, email, roleId, "Developer");
    }

    @Override
    public InvitePage list(String orgId, PageRequest request, Instant now) {
        List<Invite> invites = page.subList(0, Math.min(request.limit(), page.size()));
        return new InvitePage(invites, null, nextCursors.get(invites.size() - 1));
    }

    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        return true;
    }
}
