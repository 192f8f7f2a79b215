package dev.orginvites.bench;

import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.UserNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Invitations that answer at once with constants, so that {@link HandlerOverhead} measures the handlers' own work and
 * nothing of a store's: creates succeed, cancels find their invite, every page is the same invites with more to
 * follow. It keeps no rule; the operations the benchmark does not call refuse.
 */
final class ConstantInvitations implements Invitations {
    private static final String CREATED_ID = "0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e";
    private final List<Invite> page;
    private final String nextCursor;

    ConstantInvitations(String orgId, int pageSize) {
        List<Invite> invites = new ArrayList<>();
        for (int i = 0; i < pageSize; i++) {
            invites.add(new Invite(UUID.randomUUID().toString(), orgId, "person" + i + "@example.com",
                    UUID.randomUUID().toString(), "Developer"));
        }
        page = List.copyOf(invites);
        nextCursor = Cursor.of(invites.get(pageSize - 1).id());
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, UserNames inviterNames,
            Instant now) {
        return new Invite(CREATED_ID, orgId, email, roleId, "Developer");
    }

    @Override
    public InvitePage list(String orgId, PageRequest request, Instant now) {
        return new InvitePage(page.subList(0, Math.min(request.limit(), page.size())), null, nextCursor);
    }

    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        return true;
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, UserNames inviterNames,
            Instant now, IdempotencyKey key, Function<Invite, IdempotencyRecord> answer) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public Optional<Invite> find(String orgId, String inviteId, Instant now) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public Optional<IssuedInvite> issued(String orgId, String inviteId, Instant now) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public boolean recordDelivery(String orgId, String inviteId, String tokenNonce, String messageId, Instant now) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public DeliveryProblem.Recorded recordFailure(String orgId, String inviteId, DeliveryProblem failure,
            Instant now) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public DeliveryProblem.Recorded recordDelay(String orgId, String inviteId, DeliveryProblem delay, Instant now) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

    @Override
    public Optional<IssuedInvite> resend(String orgId, String inviteId, String resentBy, Duration interval,
            Instant now) {
        throw new UnsupportedOperationException("not used by the benchmark");
    }

}
