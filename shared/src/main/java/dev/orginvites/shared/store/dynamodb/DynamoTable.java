package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.Expiry;
import dev.orginvites.shared.store.IdempotencyKeys;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.store.TimeOrderedIds;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The store's ports on one DynamoDB table, the single-table design of {@link Keys}: each made on first use, so a
 * function's cold start loads and verifies only the adapters of the ports its operation uses. A function's composition
 * root (its handler's no-argument constructor) is the one place outside this package that names it.
 */
public final class DynamoTable implements Store {
    private final Table table;
    private final PendingInvites pending;
    private final InviteQuotas quotas;
    // Each made on first use, unsynchronised: a race makes two of one adapter, which hold no state of their own.
    private Invitations invitations;
    private Memberships memberships;
    private DynamoIdempotencyKeys idempotencyKeys;
    private Directory directory;

    /**
     * A table on which creates and resends count nothing: for tests and benchmarks that fill an org. The functions'
     * table ({@link #fromSettings}) always has a quota.
     */
    public DynamoTable(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl) {
        this(dynamoDb, tableName, inviteTtl, null, TimeOrderedIds::next);
    }

    /** A table whose creates and resends count against {@code quota} (or each org's own). */
    public DynamoTable(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl, InviteQuota quota) {
        this(dynamoDb, tableName, inviteTtl, quota, TimeOrderedIds::next);
    }

    /** As {@link #DynamoTable(DynamoDbClient, String, Duration, InviteQuota, Function)}, counting nothing. */
    public DynamoTable(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl, Function<Instant, UUID> ids) {
        this(dynamoDb, tableName, inviteTtl, null, ids);
    }

    /**
     * @param quota the default {@link InviteQuota}, or null to count nothing
     * @param ids the id of an invite or membership made at an instant: in production {@link TimeOrderedIds#next},
     *     which is what lets a page's key condition leave expired invites out (see {@link Expiry})
     */
    public DynamoTable(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl, InviteQuota quota,
            Function<Instant, UUID> ids) {
        this.table = new Table(dynamoDb, tableName);
        this.pending = new PendingInvites(table, new Expiry(inviteTtl), ids);
        this.quotas = new InviteQuotas(table, quota);
    }

    /** The table a function uses in Lambda: the one the environment names ({@link TableSettings#fromEnvironment}). */
    public static DynamoTable fromEnvironment() {
        return fromSettings(TableSettings.fromEnvironment());
    }

    /** The table the settings name, on a client built as the functions build theirs. */
    public static DynamoTable fromSettings(TableSettings settings) {
        return new DynamoTable(DynamoClients.create(settings), settings.tableName(), settings.inviteTtl(),
                new InviteQuota(settings.inviteQuota()));
    }

    @Override
    public Invitations invitations() {
        Invitations made = invitations;
        if (made == null) {
            made = new DynamoInvitations(pending, quotas, this);
            invitations = made;
        }
        return made;
    }

    @Override
    public Memberships memberships() {
        Memberships made = memberships;
        if (made == null) {
            made = new DynamoMemberships(pending);
            memberships = made;
        }
        return made;
    }

    /**
     * The idempotency keys, whose adapter is made on their first call: a create function holds this port from its
     * start, and a create without a key loads none of the adapter's classes.
     */
    @Override
    public IdempotencyKeys idempotencyKeys() {
        return new IdempotencyKeysOnFirstUse(this);
    }

    /** The one idempotency-keys adapter of this table, which the port and a keyed create share. */
    DynamoIdempotencyKeys idempotencyKeysAdapter() {
        DynamoIdempotencyKeys made = idempotencyKeys;
        if (made == null) {
            made = new DynamoIdempotencyKeys(table);
            idempotencyKeys = made;
        }
        return made;
    }

    @Override
    public Directory directory() {
        Directory made = directory;
        if (made == null) {
            made = new DynamoDirectory(table, quotas);
            directory = made;
        }
        return made;
    }
}
