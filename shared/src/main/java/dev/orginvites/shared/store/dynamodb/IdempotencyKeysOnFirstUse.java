package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyKeys;
import dev.orginvites.shared.store.IdempotencyRecord;
import java.time.Instant;

/**
 * {@link IdempotencyKeys} that make the table's adapter on their first call. A create function takes this port at
 * init; verifying the adapter would load the exceptions it catches and throws, which a create without a key never
 * needs.
 */
final class IdempotencyKeysOnFirstUse implements IdempotencyKeys {
    private final DynamoTable table;

    IdempotencyKeysOnFirstUse(DynamoTable table) {
        this.table = table;
    }

    @Override
    public IdempotencyRecord reserve(String orgId, IdempotencyKey key, Instant now) {
        return table.idempotencyKeysAdapter().reserve(orgId, key, now);
    }

    @Override
    public void release(String orgId, IdempotencyKey key) {
        table.idempotencyKeysAdapter().release(orgId, key);
    }
}
