package dev.orginvites.shared.store;

import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The table's item types and their schemas, declared with builders (no bean reflection, so nothing is introspected
 * at cold start). Attribute names are snake_case; {@code item_type} tells stream consumers what an item is.
 */
final class Items {
    static final String EXPIRES_AT = "expires_at";
    static final String INVITE_ID = "invite_id";

    private Items() {
    }

    /** What every item has: its key and its type. */
    abstract static class Item {
        String pk;
        String sk;
        String itemType;
    }

    static final class InviteItem extends Item {
        String inviteId;
        String email;
        String emailNormalized;
        String roleId;
        String roleName;
        String invitedBy;
        String createdAt;
        Long expiresAt;
    }

    static final class EmailGuardItem extends Item {
        String inviteId;
        Long expiresAt;
    }

    static final class RoleItem extends Item {
        String roleId;
        String name;
    }

    static final class CancelledInviteItem extends Item {
        String inviteId;
        String email;
        String roleId;
        String invitedBy;
        String createdAt;
        String cancelledBy;
        String cancelledAt;
    }

    static final StaticTableSchema<InviteItem> INVITE = keyed(InviteItem.class, InviteItem::new)
            .addAttribute(String.class, a -> a.name(INVITE_ID).getter(i -> i.inviteId).setter((i, v) -> i.inviteId = v))
            .addAttribute(String.class, a -> a.name("email").getter(i -> i.email).setter((i, v) -> i.email = v))
            .addAttribute(String.class, a -> a.name("email_normalized")
                    .getter(i -> i.emailNormalized).setter((i, v) -> i.emailNormalized = v))
            .addAttribute(String.class, a -> a.name("role_id").getter(i -> i.roleId).setter((i, v) -> i.roleId = v))
            .addAttribute(String.class, a -> a.name("role_name").getter(i -> i.roleName).setter((i, v) -> i.roleName = v))
            .addAttribute(String.class, a -> a.name("invited_by").getter(i -> i.invitedBy).setter((i, v) -> i.invitedBy = v))
            .addAttribute(String.class, a -> a.name("created_at").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
            .addAttribute(Long.class, a -> a.name(EXPIRES_AT).getter(i -> i.expiresAt).setter((i, v) -> i.expiresAt = v))
            .build();

    static final StaticTableSchema<EmailGuardItem> EMAIL_GUARD = keyed(EmailGuardItem.class, EmailGuardItem::new)
            .addAttribute(String.class, a -> a.name(INVITE_ID).getter(i -> i.inviteId).setter((i, v) -> i.inviteId = v))
            .addAttribute(Long.class, a -> a.name(EXPIRES_AT).getter(i -> i.expiresAt).setter((i, v) -> i.expiresAt = v))
            .build();

    static final StaticTableSchema<RoleItem> ROLE = keyed(RoleItem.class, RoleItem::new)
            .addAttribute(String.class, a -> a.name("role_id").getter(i -> i.roleId).setter((i, v) -> i.roleId = v))
            .addAttribute(String.class, a -> a.name("name").getter(i -> i.name).setter((i, v) -> i.name = v))
            .build();

    static final StaticTableSchema<CancelledInviteItem> CANCELLED_INVITE =
            keyed(CancelledInviteItem.class, CancelledInviteItem::new)
            .addAttribute(String.class, a -> a.name(INVITE_ID).getter(i -> i.inviteId).setter((i, v) -> i.inviteId = v))
            .addAttribute(String.class, a -> a.name("email").getter(i -> i.email).setter((i, v) -> i.email = v))
            .addAttribute(String.class, a -> a.name("role_id").getter(i -> i.roleId).setter((i, v) -> i.roleId = v))
            .addAttribute(String.class, a -> a.name("invited_by").getter(i -> i.invitedBy).setter((i, v) -> i.invitedBy = v))
            .addAttribute(String.class, a -> a.name("created_at").getter(i -> i.createdAt).setter((i, v) -> i.createdAt = v))
            .addAttribute(String.class, a -> a.name("cancelled_by")
                    .getter(i -> i.cancelledBy).setter((i, v) -> i.cancelledBy = v))
            .addAttribute(String.class, a -> a.name("cancelled_at")
                    .getter(i -> i.cancelledAt).setter((i, v) -> i.cancelledAt = v))
            .build();

    private static <T extends Item> StaticTableSchema.Builder<T> keyed(Class<T> type, Supplier<T> constructor) {
        Function<T, String> pk = i -> i.pk;
        BiConsumer<T, String> setPk = (i, v) -> i.pk = v;
        Function<T, String> sk = i -> i.sk;
        BiConsumer<T, String> setSk = (i, v) -> i.sk = v;
        Function<T, String> itemType = i -> i.itemType;
        BiConsumer<T, String> setItemType = (i, v) -> i.itemType = v;
        return StaticTableSchema.builder(type)
                .newItemSupplier(constructor)
                .addAttribute(String.class, a -> a.name(Keys.PK).getter(pk).setter(setPk)
                        .tags(StaticAttributeTags.primaryPartitionKey()))
                .addAttribute(String.class, a -> a.name(Keys.SK).getter(sk).setter(setSk)
                        .tags(StaticAttributeTags.primarySortKey()))
                .addAttribute(String.class, a -> a.name("item_type").getter(itemType).setter(setItemType));
    }
}
