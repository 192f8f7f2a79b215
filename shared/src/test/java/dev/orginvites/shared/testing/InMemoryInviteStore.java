package dev.orginvites.shared.testing;

import dev.orginvites.shared.store.Expiry;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.IdempotencyReservationLostException;
import dev.orginvites.shared.store.IdRange;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InviteIds;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.InviteStore;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Pages;
import dev.orginvites.shared.store.PendingInvites;
import dev.orginvites.shared.store.UnknownRoleException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * A store in memory, for tests and benchmarks that need a store's behaviour without its latency: handler slice
 * tests and the warm-path benchmark. It keeps every rule {@link InviteStore} states (it passes the same conformance
 * suite as the DynamoDB store), with the same ids, expiry and paging code. Every operation holds the store's lock,
 * so concurrent calls take effect one after another, as DynamoDB's transactions do.
 *
 * <p>Stores made by {@link #withInviteTtl} share their data, as functions deployed with a new TTL share a table.
 */
public final class InMemoryInviteStore implements InviteStore, PendingInvites {
    private final Data data;
    private final Expiry expiry;
    private final Function<Instant, UUID> ids;

    public InMemoryInviteStore(Duration inviteTtl) {
        this(new Data(), inviteTtl, InviteIds::next);
    }

    /** @param ids the id of an invite created at an instant, as the DynamoDB store takes them */
    public InMemoryInviteStore(Duration inviteTtl, Function<Instant, UUID> ids) {
        this(new Data(), inviteTtl, ids);
    }

    private InMemoryInviteStore(Data data, Duration inviteTtl, Function<Instant, UUID> ids) {
        this.data = data;
        this.expiry = new Expiry(inviteTtl);
        this.ids = ids;
    }

    /** A store on the same data under another invite TTL. */
    public InMemoryInviteStore withInviteTtl(Duration inviteTtl) {
        return new InMemoryInviteStore(data, inviteTtl, ids);
    }

    /** One org's items, as the DynamoDB store keeps them in the org's partition. */
    private static final class Org {
        final Map<String, String> roleNames = new HashMap<>();
        final NavigableMap<String, Stored> invites = new TreeMap<>();
        /** The invite each normalized address's guard names. */
        final Map<String, String> guards = new HashMap<>();
        final Map<String, Cancelled> cancelled = new HashMap<>();
        /** Idempotency keys by scope. */
        final Map<String, KeyRecord> keys = new HashMap<>();
    }

    /** An idempotency key's record: the request holding it (its token) and until when. */
    private record KeyRecord(String token, IdempotencyRecord record, long expiresAt) {
    }

    private record Stored(Invite invite, String normalizedEmail, long expiresAt) {
    }

    private record Cancelled(Invite invite, String cancelledBy, Instant cancelledAt) {
    }

    private static final class Data {
        final Map<String, Org> orgs = new HashMap<>();

        Org org(String orgId) {
            return orgs.computeIfAbsent(orgId, id -> new Org());
        }
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, Instant now) {
        return create(orgId, email, roleId, invitedBy, now, null, null);
    }

    @Override
    public IdempotencyRecord reserve(String orgId, IdempotencyKey key, Instant now) {
        synchronized (data) {
            Map<String, KeyRecord> keys = data.org(orgId).keys;
            KeyRecord held = keys.get(key.scope());
            if (held != null && held.expiresAt() > now.getEpochSecond()) {
                return held.record();
            }
            keys.put(key.scope(), new KeyRecord(key.token(), IdempotencyRecord.inFlight(key.fingerprint()),
                    now.plus(IdempotencyKey.LEASE).getEpochSecond()));
            return null;
        }
    }

    @Override
    public void release(String orgId, IdempotencyKey key) {
        synchronized (data) {
            Map<String, KeyRecord> keys = data.org(orgId).keys;
            KeyRecord held = keys.get(key.scope());
            if (held != null && held.token().equals(key.token())) {
                keys.remove(key.scope());
            }
        }
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, Instant now,
            IdempotencyKey key, Function<Invite, IdempotencyRecord> answer) {
        synchronized (data) {
            Org org = data.org(orgId);
            if (key != null) {
                KeyRecord held = org.keys.get(key.scope());
                if (held == null || !held.token().equals(key.token())) {
                    throw new IdempotencyReservationLostException();
                }
            }
            String roleName = org.roleNames.get(roleId);
            if (roleName == null) {
                throw new UnknownRoleException(roleId);
            }
            String normalized = InviteStore.normalizeEmail(email);
            String guarded = org.guards.get(normalized);
            if (guarded != null) {
                Stored holder = org.invites.get(guarded);
                if (holder != null && expiry.isPending(guarded, holder.expiresAt(), now)) {
                    throw new InviteAlreadyPendingException();
                }
                if (holder != null && holder.expiresAt() <= now.getEpochSecond()) {
                    // Past its expires_at, no TTL makes it pending again: dropping it is what DynamoDB's TTL sweeper
                    // does later, and keeps a long-running benchmark's memory flat.
                    org.invites.remove(guarded);
                }
            }
            Invite invite = new Invite(ids.apply(now).toString(), orgId, email, roleId, roleName);
            org.invites.put(invite.id(), new Stored(invite, normalized, expiry.expiresAt(now)));
            org.guards.put(normalized, invite.id());
            if (key != null) {
                org.keys.put(key.scope(), new KeyRecord(key.token(), answer.apply(invite),
                        now.plus(IdempotencyKey.RETENTION).getEpochSecond()));
            }
            return invite;
        }
    }

    @Override
    public InvitePage list(String orgId, PageRequest page, Instant now) {
        return Pages.read(this, orgId, page, now);
    }

    @Override
    public List<Invite> pending(String orgId, String boundaryId, boolean inclusive, boolean ascending, int max,
            Instant now) {
        synchronized (data) {
            IdRange range = IdRange.of(expiry.floorId(now), boundaryId, inclusive, ascending);
            if (range == null) {
                return List.of();
            }
            NavigableMap<String, Stored> invites = data.org(orgId).invites
                    .subMap(range.lowestId(), true, range.highestId(), true);
            if (range.startAfterId() != null) {
                invites = ascending ? invites.tailMap(range.startAfterId(), false)
                        : invites.headMap(range.startAfterId(), false);
            }
            List<Invite> found = new ArrayList<>(Math.min(max, 16));
            for (Stored stored : ascending ? invites.values() : invites.descendingMap().values()) {
                if (found.size() == max) {
                    break;
                }
                if (expiry.isPending(stored.invite().id(), stored.expiresAt(), now)) {
                    found.add(stored.invite());
                }
            }
            return found;
        }
    }

    @Override
    public Optional<Invite> find(String orgId, String inviteId, Instant now) {
        synchronized (data) {
            Stored stored = data.org(orgId).invites.get(inviteId);
            return stored != null && expiry.isPending(inviteId, stored.expiresAt(), now)
                    ? Optional.of(stored.invite()) : Optional.empty();
        }
    }

    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        synchronized (data) {
            Org org = data.org(orgId);
            Stored stored = org.invites.get(inviteId);
            if (stored == null || !expiry.isPending(inviteId, stored.expiresAt(), now)
                    || org.cancelled.containsKey(inviteId)) {
                return false;
            }
            org.invites.remove(inviteId);
            org.guards.remove(stored.normalizedEmail(), inviteId);
            org.cancelled.put(inviteId, new Cancelled(stored.invite(), cancelledBy, now));
            return true;
        }
    }

    @Override
    public void putRole(String orgId, String roleId, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a role needs a name");
        }
        synchronized (data) {
            data.org(orgId).roleNames.put(roleId, name);
        }
    }

    // Issue 13's store operations: placeholders on the work branch until the store's implementation lands.
    @Override
    public java.util.Optional<dev.orginvites.shared.store.IssuedInvite> issued(String orgId, String inviteId,
            java.time.Instant now) {
        throw new UnsupportedOperationException("not yet built");
    }

    @Override
    public boolean recordDelivery(String orgId, String inviteId, String tokenNonce, String messageId,
            java.time.Instant now) {
        throw new UnsupportedOperationException("not yet built");
    }

    @Override
    public java.util.Optional<dev.orginvites.shared.store.IssuedInvite> resend(String orgId, String inviteId,
            String resentBy, java.time.Duration interval, java.time.Instant now) {
        throw new UnsupportedOperationException("not yet built");
    }

    @Override
    public java.util.Optional<dev.orginvites.shared.store.Membership> accept(String orgId, String inviteId,
            String tokenNonce, String userId, java.time.Instant now) {
        throw new UnsupportedOperationException("not yet built");
    }

    @Override
    public dev.orginvites.shared.store.MembershipPage memberships(String orgId,
            dev.orginvites.shared.store.PageRequest page) {
        throw new UnsupportedOperationException("not yet built");
    }
}
