package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.IdempotencyKey;
import dev.orginvites.shared.store.IdempotencyKeys;
import dev.orginvites.shared.store.IdempotencyRecord;
import dev.orginvites.shared.store.IdempotencyReservationLostException;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * {@link IdempotencyKeys} on the table ({@code IDEMPOTENCY#<scope>}): reserved while a request holds one, then the
 * record of its answer, which {@link DynamoInvitations#create} writes in its transaction ({@link #record}). A class of
 * its own, made on a key's first use ({@link IdempotencyKeysOnFirstUse}), so that a create without a key, and every
 * other operation, load none of it.
 */
final class DynamoIdempotencyKeys implements IdempotencyKeys {
    private static final int ATTEMPTS = 4;
    private static final String IN_FLIGHT = "in_flight";
    private static final String DONE = "done";

    private final Table table;

    DynamoIdempotencyKeys(Table table) {
        this.table = table;
    }

    /**
     * A conditional Put of an {@code in_flight} record, which expires after {@link IdempotencyKey#LEASE}: it takes a
     * key no record holds, or whose record has expired (a crashed request's reservation, an answer past its
     * retention; DynamoDB's TTL sweeper removes them later, so the condition, not the sweeper, decides). When the
     * Put fails, the record that holds the key is read; one that expired or went in between is tried again.
     */
    @Override
    public IdempotencyRecord reserve(String orgId, IdempotencyKey key, Instant now) {
        String pk = Keys.org(orgId);
        Item reservation = Item.of("idempotency_key", pk, Keys.idempotency(key.scope()))
                .set(Items.STATE, IN_FLIGHT)
                .set(Items.TOKEN, key.token())
                .set(Items.FINGERPRINT, key.fingerprint())
                .set(Items.EXPIRES_AT, now.plus(IdempotencyKey.LEASE).getEpochSecond());
        Condition free = new Condition("attribute_not_exists(#pk) OR #expires <= :now",
                Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT), Map.of(":now", Table.epochSeconds(now)));
        for (int attempt = 1; ; attempt++) {
            try {
                table.dynamoDb.putItem(r -> r.tableName(table.name)
                        .item(Items.idempotency().itemToMap(reservation, true))
                        .conditionExpression(free.expression())
                        .expressionAttributeNames(free.names())
                        .expressionAttributeValues(free.values()));
                return null;
            } catch (ConditionalCheckFailedException e) {
                Item held = table.get(Items.idempotency(), Table.key(pk, Keys.idempotency(key.scope())));
                if (held != null && held.number(Items.EXPIRES_AT) > now.getEpochSecond()) {
                    return DONE.equals(held.string(Items.STATE))
                            ? new IdempotencyRecord(held.string(Items.FINGERPRINT),
                                    held.number(Items.STATUS).intValue(), held.string(Items.LOCATION),
                                    held.string(Items.BODY))
                            : IdempotencyRecord.inFlight(held.string(Items.FINGERPRINT));
                }
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void release(String orgId, IdempotencyKey key) {
        String pk = Keys.org(orgId);
        Condition held = heldBy(key);
        try {
            table.dynamoDb.deleteItem(r -> r.tableName(table.name)
                    .key(Table.key(pk, Keys.idempotency(key.scope())))
                    .conditionExpression(held.expression())
                    .expressionAttributeNames(held.names())
                    .expressionAttributeValues(held.values()));
        } catch (ConditionalCheckFailedException e) {
            // Another request holds the key now: it is not this request's to release.
        }
    }

    /**
     * The create transaction's item that turns this request's reservation into the record of its answer, kept for
     * {@link IdempotencyKey#RETENTION}; its condition fails when the reservation no longer holds.
     */
    TransactWriteItem record(String pk, IdempotencyKey key, IdempotencyRecord answer, Instant now) {
        Item record = Item.of("idempotency_key", pk, Keys.idempotency(key.scope()))
                .set(Items.STATE, DONE)
                .set(Items.TOKEN, key.token())
                .set(Items.FINGERPRINT, key.fingerprint())
                .set(Items.STATUS, (long) answer.status())
                .set(Items.LOCATION, answer.location())
                .set(Items.BODY, answer.body())
                .set(Items.EXPIRES_AT, now.plus(IdempotencyKey.RETENTION).getEpochSecond());
        return table.put(Items.idempotency(), record, heldBy(key));
    }

    /** What a create throws when its record's condition failed. */
    static RuntimeException reservationLost() {
        return new IdempotencyReservationLostException();
    }

    /** The key's record is this request's reservation. */
    private static Condition heldBy(IdempotencyKey key) {
        return new Condition("#token = :token", Map.of("#token", Items.TOKEN),
                Map.of(":token", AttributeValue.fromS(key.token())));
    }
}
