package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.Expiry;
import dev.orginvites.shared.store.IdempotencyKeys;
import dev.orginvites.shared.store.Invitations;
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
    // Each made on first use, unsynchronised: a race makes two of one adapter, which hold no state of their own.
    private Invitations invitations;
    private Memberships memberships;
    private DynamoIdempotencyKeys idempotencyKeys;
    private Directory directory;

    public DynamoTable(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl) {
        this(dynamoDb, tableName, inviteTtl, TimeOrderedIds::next);
    }

    /**
     * @param ids the id of an invite or membership made at an instant: in production {@link TimeOrderedIds#next},
     *     which is what lets a page's key condition leave expired invites out (see {@link Expiry})
     */
    public DynamoTable(DynamoDbClient dynamoDb, String tableName, Duration inviteTtl, Function<Instant, UUID> ids) {
        this.table = new Table(dynamoDb, tableName);
        this.pending = new PendingInvites(table, new Expiry(inviteTtl), ids);
    }

    /** The table a function uses in Lambda: the one the environment names ({@link TableSettings#fromEnvironment}). */
    public static DynamoTable fromEnvironment() {
        return fromSettings(TableSettings.fromEnvironment());
    }

    /** The table the settings name, on a client built as the functions build theirs. */
    public static DynamoTable fromSettings(TableSettings settings) {
        return new DynamoTable(DynamoClients.create(settings), settings.tableName(), settings.inviteTtl());
    }

    @Override
    public Invitations invitations() {
        Invitations made = invitations;
        if (made == null) {
            made = new DynamoInvitations(pending, this);
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
            made = new DynamoDirectory(table);
            directory = made;
        }
        return made;
    }
}
