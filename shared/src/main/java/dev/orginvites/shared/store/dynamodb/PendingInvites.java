package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.Expiry;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every write that ends or replaces an invite shares (a cancel, a resend, an accept): reading the invite when it
 * is pending, the invite and guard items, the audit record's start, and the conditions on them. One definition of
 * pending ({@link Expiry}) for all of them, as for a page.
 */
final class PendingInvites {
    final Table table;
    final Expiry expiry;
    private final Function<Instant, UUID> ids;

    PendingInvites(Table table, Expiry expiry, Function<Instant, UUID> ids) {
        this.table = table;
        this.expiry = expiry;
        this.ids = ids;
    }

    /** The id of an invite (or a membership) made at {@code now}. */
    String newId(Instant now) {
        return ids.apply(now).toString();
    }

    /**
     * The org's invite item with this id if it is pending at {@code now}, read consistently, else null. An id below
     * the floor is expired under the TTL in force, whatever its {@code expires_at} says, and is not read.
     */
    Item pending(String orgId, String inviteId, Instant now) {
        if (inviteId.compareTo(expiry.floorId(now)) < 0) {
            return null;
        }
        Item invite = table.get(Items.invite(), Table.key(Keys.org(orgId), Keys.invite(inviteId)));
        Long expiresAt = invite == null ? null : invite.number(Items.EXPIRES_AT);
        return expiresAt != null && expiry.isPending(inviteId, expiresAt, now) ? invite : null;
    }

    /**
     * A guard a create (or a resend that takes it) may take: none, or one whose invite is no longer pending by either
     * half of the definition (its expiry has passed, or its invite's id is below the floor).
     */
    Condition guardFree(Instant now) {
        return new Condition("attribute_not_exists(#pk) OR #expires <= :now OR #invite < :floor",
                Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT, "#invite", Items.INVITE_ID),
                Map.of(":now", Table.epochSeconds(now), ":floor", AttributeValue.fromS(expiry.floorId(now))));
    }

    /** An invite item as a create writes it, without its token nonce. */
    static Item invite(String pk, String inviteId, String email, String normalizedEmail, String roleId,
            String roleName, String invitedBy, String inviterName, Instant now, long expiresAt) {
        return Item.of("invite", pk, Keys.invite(inviteId))
                .set(Items.INVITE_ID, inviteId)
                .set(Items.EMAIL, email)
                .set(Items.EMAIL_NORMALIZED, normalizedEmail)
                .set(Items.ROLE_ID, roleId)
                .set(Items.ROLE_NAME, roleName)
                .set(Items.INVITED_BY, invitedBy)
                .set(Items.INVITER_NAME, inviterName)
                .set(Items.CREATED_AT, now.toString())
                .set(Items.EXPIRES_AT, expiresAt);
    }

    /** An email guard item: the one pending invite of an address, until it expires. */
    static Item guard(String pk, String normalizedEmail, String inviteId, long expiresAt) {
        return Item.of("email_guard", pk, Keys.emailGuard(normalizedEmail))
                .set(Items.INVITE_ID, inviteId)
                .set(Items.EXPIRES_AT, expiresAt);
    }

    /** The start of the audit record of an invite's end (cancelled, accepted): what the invite was. */
    static Item endOf(Item invite, String type, String sk) {
        return Item.of(type, invite.string(Items.PK), sk)
                .set(Items.INVITE_ID, invite.string(Items.INVITE_ID))
                .set(Items.EMAIL, invite.string(Items.EMAIL))
                .set(Items.ROLE_ID, invite.string(Items.ROLE_ID))
                .set(Items.INVITED_BY, invite.string(Items.INVITED_BY))
                .set(Items.CREATED_AT, invite.string(Items.CREATED_AT));
    }

    static Invite toInvite(String orgId, Item item) {
        return new Invite(item.string(Items.INVITE_ID), orgId, item.string(Items.EMAIL), item.string(Items.ROLE_ID),
                item.string(Items.ROLE_NAME), problem(item, Items.FAILED_REASON, Items.FAILED_AT));
    }

    /** The delivery problem an item records under these two attributes, or null. */
    static DeliveryProblem problem(Item item, String reason, String at) {
        String text = item.string(at);
        return text == null || item.string(reason) == null ? null
                : new DeliveryProblem(item.string(reason), Instant.parse(text));
    }

    /** The invite item is there and pending by its {@code expires_at} (its id's floor was checked on reading it). */
    static Condition stillPending(Instant now) {
        return new Condition("attribute_exists(#pk) AND #expires > :now",
                Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT), Map.of(":now", Table.epochSeconds(now)));
    }

    /** As {@link #stillPending}, and its email has not failed: what a resend replaces. */
    static Condition stillPendingUnfailed(Instant now) {
        Condition pending = stillPending(now);
        Map<String, String> names = new HashMap<>(pending.names());
        names.put("#failed", Items.FAILED_AT);
        return new Condition(pending.expression() + " AND attribute_not_exists(#failed)", names, pending.values());
    }

    /** The guard names this invite. */
    static Condition names(String inviteId) {
        return new Condition("#invite = :invite", Map.of("#invite", Items.INVITE_ID),
                Map.of(":invite", AttributeValue.fromS(inviteId)));
    }
}
