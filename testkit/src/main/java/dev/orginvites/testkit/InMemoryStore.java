package dev.orginvites.testkit;

import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.EmailAddresses;
import dev.orginvites.shared.store.Expiry;
import dev.orginvites.shared.store.IdRange;
import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.IdempotencyReservationLostException;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.InviteAlreadyPendingException;
import dev.orginvites.shared.store.InviteFailedException;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.SentInvites;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.DirectoryRules;
import dev.orginvites.shared.store.IdempotencyKeys;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.OrderedItems;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Pages;
import dev.orginvites.shared.store.ResendTooSoonException;
import dev.orginvites.shared.store.Role;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.shared.store.TokenNonces;
import dev.orginvites.shared.store.UnknownRoleException;
import dev.orginvites.shared.store.UserNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The store's ports in memory, for tests and benchmarks that need their behaviour without a table's latency: handler
 * slice tests and the warm-path benchmark. It keeps every rule the ports state (it passes the same conformance suites
 * as the DynamoDB adapters), with the same ids, expiry and paging code. One object serves every port, over one lock:
 * an accept changes invitations and memberships at once, as one DynamoDB transaction does, and concurrent calls take
 * effect one after another.
 *
 * <p>Stores made by {@link #withInviteTtl} and {@link #withInviteQuota} share their data, as functions deployed with a
 * new TTL or quota share a table. A store made without an {@link InviteQuota} counts no sends (tests and benchmarks
 * that fill an org), as the DynamoDB store made without one.
 */
public final class InMemoryStore
        implements Store, Invitations, Memberships, IdempotencyKeys, Directory, OrderedItems<Invite> {
    private final Data data;
    private final Expiry expiry;
    private final Function<Instant, UUID> ids;
    /** The default quota, or null to count nothing. */
    private final InviteQuota quota;

    public InMemoryStore(Duration inviteTtl) {
        this(new Data(), inviteTtl, TimeOrderedIds::next, null);
    }

    /** A store whose creates and resends count against {@code quota} (or each org's own). */
    public InMemoryStore(Duration inviteTtl, InviteQuota quota) {
        this(new Data(), inviteTtl, TimeOrderedIds::next, quota);
    }

    /** @param ids the id of an invite created at an instant, as the DynamoDB store takes them */
    public InMemoryStore(Duration inviteTtl, Function<Instant, UUID> ids) {
        this(new Data(), inviteTtl, ids, null);
    }

    private InMemoryStore(Data data, Duration inviteTtl, Function<Instant, UUID> ids, InviteQuota quota) {
        this.data = data;
        this.expiry = new Expiry(inviteTtl);
        this.ids = ids;
        this.quota = quota;
    }

    /** A store on the same data under another invite TTL. */
    public InMemoryStore withInviteTtl(Duration inviteTtl) {
        return new InMemoryStore(data, inviteTtl, ids, quota);
    }

    /** A store on the same data under another default quota (null: counting nothing). */
    public InMemoryStore withInviteQuota(InviteQuota inviteQuota) {
        return new InMemoryStore(data, expiry.inviteTtl(), ids, inviteQuota);
    }

    /**
     * The sort keys of one org's items as the DynamoDB store's partition holds them: what a test counts to see what a
     * request wrote, on either store.
     */
    public List<String> sortKeys(String orgId) {
        synchronized (data) {
            Org org = data.orgs.get(orgId);
            List<String> keys = new ArrayList<>();
            if (org == null) {
                return keys;
            }
            if (org.name != null) {
                keys.add("ORG");
            }
            if (org.invitesPerDay != null || org.sentAt != null) {
                keys.add("QUOTA");
            }
            org.roleNames.keySet().forEach(id -> keys.add("ROLE#" + id));
            org.invites.keySet().forEach(id -> keys.add("INVITE#" + id));
            org.guards.keySet().forEach(email -> keys.add("EMAIL#" + email));
            org.cancelled.keySet().forEach(id -> keys.add("CANCELLED#" + id));
            org.reissued.keySet().forEach(id -> keys.add("REISSUED#" + id));
            org.accepted.keySet().forEach(id -> keys.add("ACCEPTED#" + id));
            org.memberships.keySet().forEach(id -> keys.add("MEMBER#" + id));
            org.users.keySet().forEach(id -> keys.add("USER#" + id));
            org.memberships.values().stream().filter(m -> mailbox(m) != null)
                    .forEach(m -> keys.add("MAILBOX#" + mailbox(m) + "#" + m.id()));
            org.removed.keySet().forEach(id -> keys.add("REMOVED#" + id));
            org.keys.keySet().forEach(scope -> keys.add("IDEMPOTENCY#" + scope));
            return keys;
        }
    }

    /** One org's items, as the DynamoDB store keeps them in the org's partition. */
    private static final class Org {
        /** The org's name in the directory, or null. */
        String name;
        /** The org's own invite quota, or null. */
        Integer invitesPerDay;
        /** The times of its sends still counted (epoch milliseconds, oldest first); null before the first. */
        List<Long> sentAt;
        final Map<String, String> roleNames = new HashMap<>();
        final NavigableMap<String, Stored> invites = new TreeMap<>();
        /** The invite each normalized address's guard names. */
        final Map<String, String> guards = new HashMap<>();
        final Map<String, Cancelled> cancelled = new HashMap<>();
        final Map<String, Reissued> reissued = new HashMap<>();
        final Map<String, Accepted> accepted = new HashMap<>();
        final NavigableMap<String, Membership> memberships = new TreeMap<>();
        /** The membership each user's uniqueness record names. */
        final Map<String, String> users = new HashMap<>();
        final Map<String, Removed> removed = new HashMap<>();
        /** Idempotency keys by scope. */
        final Map<String, KeyRecord> keys = new HashMap<>();
    }

    /** An idempotency key's record: the request holding it (its token) and until when. */
    private record KeyRecord(String token, IdempotencyRecord record, long expiresAt) {
    }

    /** An invite's issue, as the DynamoDB store's item holds it. */
    private record Stored(Invite invite, String normalizedEmail, String invitedBy, String inviterName, long expiresAt,
            String tokenNonce, Instant deliveredAt, String messageId, DeliveryProblem delay, String reissuedFrom) {

        Stored delivered(String messageId, Instant at) {
            return new Stored(invite, normalizedEmail, invitedBy, inviterName, expiresAt, tokenNonce, at, messageId,
                    delay, reissuedFrom);
        }

        Stored failed(DeliveryProblem failure) {
            Invite failed = new Invite(invite.id(), invite.orgId(), invite.email(), invite.roleId(), invite.roleName(),
                    failure);
            return new Stored(failed, normalizedEmail, invitedBy, inviterName, expiresAt, tokenNonce, deliveredAt,
                    messageId, delay, reissuedFrom);
        }

        Stored delayed(DeliveryProblem delay) {
            return new Stored(invite, normalizedEmail, invitedBy, inviterName, expiresAt, tokenNonce, deliveredAt,
                    messageId, delay, reissuedFrom);
        }

        IssuedInvite issued() {
            return new IssuedInvite(invite, invitedBy, inviterName, TimeOrderedIds.timeOf(invite.id()),
                    Instant.ofEpochSecond(expiresAt), tokenNonce, deliveredAt, delay);
        }
    }

    /** The order the DynamoDB store keeps problems in: by time, then by reason. */
    private static final Comparator<DeliveryProblem> PROBLEM_ORDER = Comparator.comparing(DeliveryProblem::at)
            .thenComparing(DeliveryProblem::reason);

    private record Cancelled(Invite invite, String cancelledBy, Instant cancelledAt) {
    }

    private record Reissued(String reissuedAs, String resentBy, Instant resentAt) {
    }

    private record Accepted(Invite invite, String userId, String membershipId, Instant acceptedAt) {
    }

    private record Removed(Membership membership, String removedBy, Instant removedAt) {
    }

    private static final class Data {
        final Map<String, Org> orgs = new HashMap<>();

        Org org(String orgId) {
            return orgs.computeIfAbsent(orgId, id -> new Org());
        }
    }

    @Override
    public Invite create(String orgId, String email, String roleId, String invitedBy, UserNames inviterNames,
            Instant now) {
        return create(orgId, email, roleId, invitedBy, inviterNames, now, null, null);
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
    public Invite create(String orgId, String email, String roleId, String invitedBy, UserNames inviterNames,
            Instant now, IdempotencyKey key, Function<Invite, IdempotencyRecord> answer) {
        String normalized = Invitations.mailboxKey(email);
        synchronized (data) {
            Org org = data.org(orgId);
            if (key != null) {
                KeyRecord held = org.keys.get(key.scope());
                if (held == null || !held.token().equals(key.token())) {
                    throw new IdempotencyReservationLostException();
                }
            }
            String roleName = grantableRole(org, roleId);
            List<Long> sent = afterSending(org, now);
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
            org.invites.put(invite.id(), new Stored(invite, normalized, invitedBy, inviterNames.name(),
                    expiry.expiresAt(now), TokenNonces.next(), null, null, null, null));
            org.guards.put(normalized, invite.id());
            org.sentAt = sent;
            if (key != null) {
                org.keys.put(key.scope(), new KeyRecord(key.token(), answer.apply(invite),
                        now.plus(IdempotencyKey.RETENTION).getEpochSecond()));
            }
            return invite;
        }
    }

    @Override
    public InvitePage list(String orgId, PageRequest page, Instant now) {
        Pages.Page<Invite> read = Pages.read(this, orgId, page, now);
        return new InvitePage(read.items(), read.previousCursor(), read.nextCursor());
    }

    /** The org's pending invites, for {@link Pages}. */
    @Override
    public List<Invite> read(String orgId, String boundaryId, boolean inclusive, boolean ascending, int max,
            Instant now) {
        synchronized (data) {
            List<Invite> found = new ArrayList<>(Math.min(max, 16));
            for (Stored stored : inIdOrder(data.org(orgId).invites, expiry.floorId(now), boundaryId, inclusive,
                    ascending)) {
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

    /**
     * The org's memberships, or those whose address names one mailbox, for {@link Pages}. The table reads an
     * address's memberships by its entries in the org's address index; here every membership is its own entry.
     */
    private OrderedItems<Membership> memberships(String mailbox) {
        return (orgId, boundaryId, inclusive, ascending, max, now) -> {
            synchronized (data) {
                List<Membership> found = new ArrayList<>(Math.min(max, 16));
                for (Membership membership : inIdOrder(data.org(orgId).memberships, TimeOrderedIds.FIRST, boundaryId,
                        inclusive, ascending)) {
                    if (found.size() == max) {
                        break;
                    }
                    if (mailbox == null || mailbox.equals(mailbox(membership))) {
                        found.add(membership);
                    }
                }
                return found;
            }
        };
    }

    /** The mailbox a membership's address names, or null for one without an address. */
    private static String mailbox(Membership membership) {
        return membership.email() == null ? null : EmailAddresses.mailbox(membership.email());
    }

    /** The items of an {@link IdRange}, nearest to the boundary first. */
    private static <T> Iterable<T> inIdOrder(NavigableMap<String, T> items, String floorId, String boundaryId,
            boolean inclusive, boolean ascending) {
        IdRange range = IdRange.of(floorId, boundaryId, inclusive, ascending);
        if (range == null) {
            return List.of();
        }
        NavigableMap<String, T> within = items.subMap(range.lowestId(), true, range.highestId(), true);
        if (range.startAfterId() != null) {
            within = ascending ? within.tailMap(range.startAfterId(), false)
                    : within.headMap(range.startAfterId(), false);
        }
        return ascending ? within.values() : within.descendingMap().values();
    }

    @Override
    public Optional<Invite> find(String orgId, String inviteId, Instant now) {
        synchronized (data) {
            return Optional.ofNullable(pending(data.org(orgId), inviteId, now)).map(Stored::invite);
        }
    }

    /** The org's invite with this id if it is pending at {@code now}, else null. */
    private Stored pending(Org org, String inviteId, Instant now) {
        Stored stored = org.invites.get(inviteId);
        return stored != null && expiry.isPending(inviteId, stored.expiresAt(), now) ? stored : null;
    }

    @Override
    public boolean cancel(String orgId, String inviteId, String cancelledBy, Instant now) {
        synchronized (data) {
            Org org = data.org(orgId);
            Stored stored = pending(org, inviteId, now);
            if (stored == null || org.cancelled.containsKey(inviteId)) {
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
        String org = DirectoryRules.id("org id", orgId);
        String role = DirectoryRules.id("role id", roleId);
        String checked = DirectoryRules.name("role name", name);
        synchronized (data) {
            data.org(org).roleNames.put(role, checked);
        }
    }

    @Override
    public List<Role> roles(String orgId) {
        String id = DirectoryRules.id("org id", orgId);
        synchronized (data) {
            Org org = data.orgs.get(id);
            if (org == null) {
                return List.of();
            }
            // In key order, as the table's Query returns them.
            return new TreeMap<>(org.roleNames).entrySet().stream()
                    .map(role -> new Role(role.getKey(), role.getValue())).toList();
        }
    }

    @Override
    public boolean removeRole(String orgId, String roleId) {
        String id = DirectoryRules.id("org id", orgId);
        String role = DirectoryRules.id("role id", roleId);
        synchronized (data) {
            Org org = data.orgs.get(id);
            return org != null && org.roleNames.remove(role) != null;
        }
    }

    @Override
    public void nameOrg(String orgId, String name) {
        String id = DirectoryRules.id("org id", orgId);
        String checked = DirectoryRules.name("org name", name);
        synchronized (data) {
            data.org(id).name = checked;
        }
    }

    @Override
    public Optional<String> orgName(String orgId) {
        String id = DirectoryRules.id("org id", orgId);
        synchronized (data) {
            Org org = data.orgs.get(id);
            return org == null ? Optional.empty() : Optional.ofNullable(org.name);
        }
    }

    @Override
    public Optional<IssuedInvite> issued(String orgId, String inviteId, Instant now) {
        synchronized (data) {
            return Optional.ofNullable(pending(data.org(orgId), inviteId, now)).map(Stored::issued);
        }
    }

    @Override
    public boolean recordDelivery(String orgId, String inviteId, String tokenNonce, String messageId, Instant now) {
        synchronized (data) {
            Org org = data.org(orgId);
            Stored stored = org.invites.get(inviteId);
            if (stored == null || tokenNonce == null || !tokenNonce.equals(stored.tokenNonce())
                    || stored.deliveredAt() != null) {
                return false;
            }
            org.invites.put(inviteId, stored.delivered(messageId, now));
            return true;
        }
    }

    @Override
    public DeliveryProblem.Recorded recordFailure(String orgId, String inviteId, DeliveryProblem failure,
            Instant now) {
        failure.asFailure();
        synchronized (data) {
            Org org = data.org(orgId);
            String issue = inviteId;
            Stored stored = pending(org, issue, now);
            for (int hop = 0; stored == null && hop < Invitations.REISSUES_FOLLOWED && org.reissued.containsKey(issue); hop++) {
                issue = org.reissued.get(issue).reissuedAs();
                stored = pending(org, issue, now);
            }
            if (stored == null) {
                return DeliveryProblem.Recorded.NOT_PENDING;
            }
            inviteId = issue;
            DeliveryProblem was = stored.invite().failure();
            if (was != null && PROBLEM_ORDER.compare(was, failure) <= 0) {
                return DeliveryProblem.Recorded.UNCHANGED;
            }
            org.invites.put(inviteId, stored.failed(failure));
            return DeliveryProblem.Recorded.RECORDED;
        }
    }

    @Override
    public DeliveryProblem.Recorded recordDelay(String orgId, String inviteId, DeliveryProblem delay, Instant now) {
        synchronized (data) {
            Org org = data.org(orgId);
            Stored stored = pending(org, inviteId, now);
            if (stored == null) {
                return DeliveryProblem.Recorded.NOT_PENDING;
            }
            if (stored.delay() != null && PROBLEM_ORDER.compare(stored.delay(), delay) >= 0) {
                return DeliveryProblem.Recorded.UNCHANGED;
            }
            org.invites.put(inviteId, stored.delayed(delay));
            return DeliveryProblem.Recorded.RECORDED;
        }
    }

    @Override
    public Optional<IssuedInvite> resend(String orgId, String inviteId, String resentBy, Duration interval,
            Instant now) {
        synchronized (data) {
            Org org = data.org(orgId);
            Stored old = pending(org, inviteId, now);
            if (old == null) {
                return Optional.empty();
            }
            if (old.invite().failure() != null) {
                throw new InviteFailedException(old.invite().failure());
            }
            Instant retryAt = TimeOrderedIds.timeOf(inviteId).plus(interval);
            if (now.isBefore(retryAt)) {
                throw new ResendTooSoonException(retryAt);
            }
            org.sentAt = afterSending(org, now);
            Invite was = old.invite();
            Invite invite = new Invite(ids.apply(now).toString(), orgId, was.email(), was.roleId(), was.roleName());
            Stored issue = new Stored(invite, old.normalizedEmail(), old.invitedBy(), old.inviterName(),
                    expiry.expiresAt(now), TokenNonces.next(), null, null, null, inviteId);
            org.invites.remove(inviteId);
            org.invites.put(invite.id(), issue);
            String guarded = org.guards.get(old.normalizedEmail());
            if (inviteId.equals(guarded) || guarded == null || pending(org, guarded, now) == null) {
                org.guards.put(old.normalizedEmail(), invite.id());
            }
            org.reissued.put(inviteId, new Reissued(invite.id(), resentBy, now));
            return Optional.of(issue.issued());
        }
    }

    @Override
    public Optional<Membership> accept(String orgId, String inviteId, String tokenNonce, String userId,
            UserNames userNames, Instant now) {
        synchronized (data) {
            Org org = data.org(orgId);
            Stored stored = pending(org, inviteId, now);
            if (stored == null || tokenNonce == null || !tokenNonce.equals(stored.tokenNonce())) {
                return Optional.empty();
            }
            if (org.users.containsKey(userId)) {
                throw new AlreadyMemberException();
            }
            Invite invite = stored.invite();
            Membership membership = new Membership(ids.apply(now).toString(), orgId, userId, invite.email(),
                    userNames, invite.roleId(), invite.roleName(), now, stored.invitedBy(), inviteId);
            org.invites.remove(inviteId);
            org.guards.remove(stored.normalizedEmail(), inviteId);
            org.users.put(userId, membership.id());
            org.memberships.put(membership.id(), membership);
            org.accepted.put(inviteId, new Accepted(invite, userId, membership.id(), now));
            return Optional.of(membership);
        }
    }

    @Override
    public MembershipPage list(String orgId, PageRequest page) {
        Pages.Page<Membership> read = Pages.read(memberships(null), orgId, page, null);
        return new MembershipPage(read.items(), read.previousCursor(), read.nextCursor());
    }

    @Override
    public MembershipPage listByEmail(String orgId, String email, PageRequest page) {
        Pages.Page<Membership> read = Pages.read(memberships(Invitations.mailboxKey(email)), orgId, page, null);
        return new MembershipPage(read.items(), read.previousCursor(), read.nextCursor());
    }

    /** Every membership here is found by its address from the moment it is made: there is nothing to fill in. */
    @Override
    public int indexEmails(String orgId) {
        return 0;
    }

    @Override
    public Membership add(String orgId, String userId, String roleId, String addedBy, Instant now) {
        synchronized (data) {
            Org org = data.org(orgId);
            String roleName = grantableRole(org, roleId);
            if (org.users.containsKey(userId)) {
                throw new AlreadyMemberException();
            }
            Membership membership = new Membership(ids.apply(now).toString(), orgId, userId, null, roleId, roleName,
                    now, addedBy, null);
            org.users.put(userId, membership.id());
            org.memberships.put(membership.id(), membership);
            return membership;
        }
    }

    @Override
    public Optional<Membership> find(String orgId, String membershipId) {
        synchronized (data) {
            return Optional.ofNullable(data.org(orgId).memberships.get(membershipId));
        }
    }

    @Override
    public Optional<Membership> ofUser(String orgId, String userId) {
        synchronized (data) {
            Org org = data.org(orgId);
            String membershipId = org.users.get(userId);
            return membershipId == null ? Optional.empty() : Optional.ofNullable(org.memberships.get(membershipId));
        }
    }

    @Override
    public boolean changeRole(String orgId, String membershipId, String roleId, String changedBy, Instant now) {
        synchronized (data) {
            Org org = data.org(orgId);
            String roleName = grantableRole(org, roleId);
            Membership old = org.memberships.get(membershipId);
            if (old == null) {
                return false;
            }
            org.memberships.put(membershipId, old.withRole(roleId, roleName));
            return true;
        }
    }

    @Override
    public boolean remove(String orgId, String membershipId, String removedBy, Instant now) {
        synchronized (data) {
            Org org = data.org(orgId);
            Membership membership = org.memberships.remove(membershipId);
            if (membership == null) {
                return false;
            }
            org.users.remove(membership.userId(), membershipId);
            org.removed.put(membershipId, new Removed(membership, removedBy, now));
            return true;
        }
    }

    /** The org's log after a send at {@code now}, as the DynamoDB store counts it; unchanged when counting nothing. */
    private List<Long> afterSending(Org org, Instant now) {
        if (quota == null) {
            return org.sentAt;
        }
        int limit = org.invitesPerDay != null ? org.invitesPerDay : quota.invitesPerDay();
        return SentInvites.afterSending(org.sentAt == null ? List.of() : org.sentAt, limit, now);
    }

    @Override
    public void setInviteQuota(String orgId, int invitesPerDay) {
        String id = DirectoryRules.id("org id", orgId);
        int checked = InviteQuota.check(invitesPerDay);
        synchronized (data) {
            data.org(id).invitesPerDay = checked;
        }
    }

    @Override
    public void clearInviteQuota(String orgId) {
        String id = DirectoryRules.id("org id", orgId);
        synchronized (data) {
            Org org = data.orgs.get(id);
            if (org != null) {
                org.invitesPerDay = null;
            }
        }
    }

    @Override
    public Optional<Integer> inviteQuota(String orgId) {
        String id = DirectoryRules.id("org id", orgId);
        synchronized (data) {
            Org org = data.orgs.get(id);
            return org == null ? Optional.empty() : Optional.ofNullable(org.invitesPerDay);
        }
    }

    /** The name of a role the org has, for a create, an add or a role change to grant. */
    private static String grantableRole(Org org, String roleId) {
        String roleName = org.roleNames.get(roleId);
        if (roleName == null) {
            throw new UnknownRoleException(roleId);
        }
        return roleName;
    }

    @Override
    public Invitations invitations() {
        return this;
    }

    @Override
    public Memberships memberships() {
        return this;
    }

    @Override
    public IdempotencyKeys idempotencyKeys() {
        return this;
    }

    @Override
    public Directory directory() {
        return this;
    }
}
