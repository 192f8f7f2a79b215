package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.InviteQuotaExceededException;
import dev.orginvites.shared.store.SentInvites;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Each org's {@link InviteQuota} on the table: one item, {@code QUOTA} in the org's partition, holding the org's own
 * limit ({@code invites_per_day}, written by the directory), the times of its sends still in the window
 * ({@code sent_at}, epoch milliseconds, oldest first, never longer than the largest limit in force during the
 * window, at most {@link InviteQuota#MAX}) and a {@code version} that every
 * write to the item increments. A create or resend reads it (one GetItem), applies {@link SentInvites}, and writes
 * the new log in its own transaction on the condition that the version is still the one read: so the count and the
 * send commit together or not at all, and of two sends that read one version only one commits; the other reads
 * again and counts again. The item is read and written whole, never queried, so a send costs the same whatever the
 * org has sent before.
 *
 * <p>Its own item rather than the directory's {@code ORG} item, which holds the org's name: what reads the name
 * then never pays for the log (a read is charged by the item's size), and the directory's writes to the name
 * cannot touch the count. Mapped by hand rather than by an {@link Items} schema, as its log is a list, which the
 * schemas' two converters do not carry.
 */
final class InviteQuotas {
    /**
     * Tries in all of a send whose count another send took first (the version moved). Each loss is another send
     * counted, and a window holds at most the org's limit (at most {@link InviteQuota#MAX}), so a send that keeps
     * losing finds the log full and is refused (429) within that many tries: a burst of any size in one org gets
     * answers, never a failure for contention. The 16 above it leave room for slots the sliding window frees during
     * a burst, and for the conflicts DynamoDB reports between transactions in flight on one item.
     */
    static final int ATTEMPTS = InviteQuota.MAX + 16;
    private static final String ITEM_TYPE = "invite_quota";
    private static final String INVITES_PER_DAY = "invites_per_day";
    private static final String SENT_AT = "sent_at";
    private static final String VERSION = "version";

    private final Table table;
    private final InviteQuota quota;

    /** @param quota the table's default, or null to count nothing (tests and benchmarks that fill an org) */
    InviteQuotas(Table table, InviteQuota quota) {
        this.table = table;
        this.quota = quota;
    }

    /**
     * The write that counts a send at {@code now} in the org's log, for the send's transaction; null when this
     * table counts nothing.
     *
     * @throws InviteQuotaExceededException when the org has used its quota
     */
    TransactWriteItem send(String pk, Instant now) {
        if (quota == null) {
            return null;
        }
        Map<String, AttributeValue> item = read(pk);
        AttributeValue ownLimit = item.get(INVITES_PER_DAY);
        int limit = ownLimit == null ? quota.invitesPerDay() : Integer.parseInt(ownLimit.n());
        List<Long> sent = new ArrayList<>();
        AttributeValue log = item.get(SENT_AT);
        if (log != null && log.hasL()) {
            for (AttributeValue at : log.l()) {
                sent.add(Long.parseLong(at.n()));
            }
        }
        List<AttributeValue> after = new ArrayList<>();
        for (long at : SentInvites.afterSending(sent, limit, now)) {
            after.add(AttributeValue.fromN(Long.toString(at)));
        }
        AttributeValue version = item.get(VERSION);
        long next = version == null ? 1 : Long.parseLong(version.n()) + 1;
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", AttributeValue.fromS(ITEM_TYPE),
                ":sent", AttributeValue.fromL(after), ":next", AttributeValue.fromN(Long.toString(next))));
        String condition = "attribute_not_exists(#version)";
        if (version != null) {
            condition = "#version = :read";
            values.put(":read", version);
        }
        return table.update(key(pk), "SET #type = :type, #sent = :sent, #version = :next", new Condition(condition,
                Map.of("#type", Items.ITEM_TYPE, "#sent", SENT_AT, "#version", VERSION), values));
    }

    /** The org's own limit, if it has one. */
    Optional<Integer> limit(String pk) {
        AttributeValue limit = read(pk).get(INVITES_PER_DAY);
        return limit == null ? Optional.empty() : Optional.of(Integer.parseInt(limit.n()));
    }

    /** Sets the org's own limit, keeping its log; a send that read the item before reads it again. */
    void setLimit(String pk, int invitesPerDay) {
        writeLimit(pk, "SET #type = :type, #limit = :limit ADD #version :one",
                AttributeValue.fromN(Integer.toString(InviteQuota.check(invitesPerDay))));
    }

    /** Removes the org's own limit, keeping its log; a send that read the item before reads it again. */
    void clearLimit(String pk) {
        writeLimit(pk, "SET #type = :type REMOVE #limit ADD #version :one", null);
    }

    /** Writes the limit by {@code update}, moving the version; {@code limit} is {@code :limit}, when there is one. */
    private void writeLimit(String pk, String update, AttributeValue limit) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", AttributeValue.fromS(ITEM_TYPE),
                ":one", AttributeValue.fromN("1")));
        if (limit != null) {
            values.put(":limit", limit);
        }
        table.dynamoDb.updateItem(r -> r.tableName(table.name).key(key(pk)).updateExpression(update)
                .expressionAttributeNames(Map.of("#type", Items.ITEM_TYPE, "#limit", INVITES_PER_DAY,
                        "#version", VERSION))
                .expressionAttributeValues(values));
    }

    private Map<String, AttributeValue> read(String pk) {
        GetItemResponse response = table.dynamoDb.getItem(r -> r.tableName(table.name).key(key(pk))
                .consistentRead(true));
        return response.hasItem() ? response.item() : Map.of();
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Table.key(pk, Keys.QUOTA);
    }
}
