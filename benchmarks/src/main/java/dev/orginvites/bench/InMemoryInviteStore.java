package dev.orginvites.bench;

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

    InMemoryInviteStore(String orgId, int pageSize) {
        List<Invite> invites = new ArrayList<>();
        for (int i = 0; i < pageSize; i++) {
            invites.add(new Invite(UUID.randomUUID().toString(), orgId, "person" + i + "@example.com",
                    UUID.randomUUID().toString(), "Developer"));
        }
        page = List.copyOf(invites);
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, Instant now) {
        return new Invite("0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e", orgId, email, roleId, "Developer");
    }

    @Override
    public InvitePage list(String orgId, PageRequest request, Instant now) {
        return new InvitePage(page.subList(0, Math.min(request.limit(), page.size())), false, true, request.limit() + 1,
                Double.NaN);
    }

    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        return true;
    }
}
