package dev.orginvites.shared.store.dynamodb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table's item types: which attributes each has, as enhanced-client schemas declared with builders (no bean
 * reflection). Attribute names are snake_case; {@code item_type} tells stream consumers what an item is.
 *
 * <p>An item is its attributes by name, and every schema reads and writes them through the same two accessors, so
 * the schemas cost a handful of classes rather than a lambda class per attribute; they convert with the two
 * converters they need rather than the enhanced client's default provider. Cold starts pay for every class (see
 * BENCHMARKS.md).
 */
final class Items {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String ITEM_TYPE = "item_type";
    static final String INVITE_ID = "invite_id";
    static final String EMAIL = "email";
    static final String EMAIL_NORMALIZED = "email_normalized";
    static final String ROLE_ID = "role_id";
    static final String ORG_ID = "org_id";
    static final String ROLE_NAME = "role_name";
    static final String NAME = "name";
    static final String INVITED_BY = "invited_by";
    /** The inviter's name ({@code name} claim) on an invite, for its email. */
    static final String INVITER_NAME = "inviter_name";
    static final String CREATED_AT = "created_at";
    static final String EXPIRES_AT = "expires_at";
    static final String CANCELLED_BY = "cancelled_by";
    static final String CANCELLED_AT = "cancelled_at";
    static final String STATE = "state";
    static final String TOKEN = "token";
    static final String FINGERPRINT = "fingerprint";
    static final String STATUS = "status";
    static final String LOCATION = "location";
    static final String BODY = "body";
    static final String TOKEN_NONCE = "token_nonce";
    static final String DELIVERED_AT = "delivered_at";
    static final String MESSAGE_ID = "message_id";
    /** An invite's permanent delivery failure (a bounce, a complaint, ...): when, and its reason's code. */
    static final String FAILED_AT = "failed_at";
    static final String FAILED_REASON = "failed_reason";
    /** An invite's latest transient delivery delay (a soft bounce, a slow server): when, and its kind. */
    static final String DELAY_AT = "delay_at";
    static final String DELAY_REASON = "delay_reason";
    static final String REISSUED_FROM = "reissued_from";
    static final String REISSUED_AS = "reissued_as";
    static final String RESENT_BY = "resent_by";
    static final String RESENT_AT = "resent_at";
    static final String MEMBERSHIP_ID = "membership_id";
    static final String USER_ID = "user_id";
    static final String JOINED_AT = "joined_at";
    /** A member's names, from their token at accept ({@code name}, {@code preferred_username}). */
    static final String USER_NAME = "user_name";
    static final String USERNAME = "username";
    static final String ACCEPTED_AT = "accepted_at";
    static final String ROLE_CHANGED_BY = "role_changed_by";
    static final String ROLE_CHANGED_AT = "role_changed_at";
    static final String REMOVED_BY = "removed_by";
    static final String REMOVED_AT = "removed_at";

    // Each schema is built the first time an operation uses its type (one holder class each): a list builds one,
    // and only a resend, an accept or a list of memberships builds the schemas of the items they alone write.

    /**
     * A pending invite ({@code INVITE#<id>}): one issue of an invitation, with the nonce its accept token is derived
     * from and the inviter's name for its email (when their token had one), and once its email was sent, when and the
     * mail service's message id, and what the mail service reported after (a failure, the latest delay); a re-issue
     * names the invite it replaced and who resent it.
     */
    static StaticTableSchema<Item> invite() {
        return InviteSchema.SCHEMA;
    }

    /** The guard that keeps one pending invite per address ({@code EMAIL#<normalized address>}). */
    static StaticTableSchema<Item> emailGuard() {
        return EmailGuardSchema.SCHEMA;
    }

    /** A role invites can grant ({@code ROLE#<id>}). */
    static StaticTableSchema<Item> role() {
        return RoleSchema.SCHEMA;
    }

    /** The org's own entry in the directory ({@code ORG}): its name. */
    static StaticTableSchema<Item> orgEntry() {
        return OrgEntrySchema.SCHEMA;
    }

    /** The audit record of a cancelled invite ({@code CANCELLED#<id>}). */
    static StaticTableSchema<Item> cancelledInvite() {
        return CancelledInviteSchema.SCHEMA;
    }

    /** The audit record of a re-issued invite ({@code REISSUED#<old id>}): who resent it, when, and its new id. */
    static StaticTableSchema<Item> reissuedInvite() {
        return ReissuedInviteSchema.SCHEMA;
    }

    /** The audit record of an accepted invite ({@code ACCEPTED#<id>}): who accepted it, when, and the membership. */
    static StaticTableSchema<Item> acceptedInvite() {
        return AcceptedInviteSchema.SCHEMA;
    }

    /**
     * A user's membership of the org ({@code MEMBER#<membership id>}), made by accepting an invite (with the names
     * the user's token carried, when it had them) or by an add; a role change records who made it and when.
     */
    static StaticTableSchema<Item> membership() {
        return MembershipSchema.SCHEMA;
    }

    /** The guard that keeps one membership per user ({@code USER#<user id>}), naming it. */
    static StaticTableSchema<Item> memberGuard() {
        return MemberGuardSchema.SCHEMA;
    }

    /**
     * A membership's entry in the org's address index ({@code MAILBOX#<normalized address>#<membership id>}): the
     * membership's id, which the email filter reads the membership by.
     */
    static StaticTableSchema<Item> mailboxEntry() {
        return MailboxEntrySchema.SCHEMA;
    }

    /**
     * The audit record of a removed membership ({@code REMOVED#<membership id>}): what it was (its names and its
     * role's too), who removed it, when.
     */
    static StaticTableSchema<Item> removedMembership() {
        return RemovedMembershipSchema.SCHEMA;
    }

    /**
     * A create's idempotency key ({@code IDEMPOTENCY#<scope>}): {@code in_flight} while reserved, then {@code done}
     * with the answer to replay.
     */
    static StaticTableSchema<Item> idempotency() {
        return IdempotencySchema.SCHEMA;
    }

    private static final class IdempotencySchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(STATE, TOKEN, FINGERPRINT, LOCATION, BODY),
                List.of(STATUS, EXPIRES_AT));
    }

    private static final class InviteSchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(INVITE_ID, EMAIL, EMAIL_NORMALIZED, ROLE_ID,
                ROLE_NAME, INVITED_BY, INVITER_NAME, CREATED_AT, TOKEN_NONCE, DELIVERED_AT, MESSAGE_ID,
                FAILED_AT, FAILED_REASON, DELAY_AT, DELAY_REASON, REISSUED_FROM, RESENT_BY),
                List.of(EXPIRES_AT));
    }

    private static final class EmailGuardSchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(INVITE_ID), List.of(EXPIRES_AT));
    }

    private static final class RoleSchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(ROLE_ID, NAME), List.of());
    }

    private static final class OrgEntrySchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(ORG_ID, NAME), List.of());
    }

    private static final class CancelledInviteSchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(INVITE_ID, EMAIL, ROLE_ID, INVITED_BY,
                CREATED_AT, CANCELLED_BY, CANCELLED_AT), List.of());
    }

    private static final class ReissuedInviteSchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(INVITE_ID, REISSUED_AS, RESENT_BY, RESENT_AT),
                List.of());
    }

    private static final class AcceptedInviteSchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(INVITE_ID, EMAIL, ROLE_ID, INVITED_BY,
                CREATED_AT, USER_ID, MEMBERSHIP_ID, ACCEPTED_AT), List.of());
    }

    private static final class MembershipSchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(MEMBERSHIP_ID, USER_ID, EMAIL, USER_NAME,
                USERNAME, ROLE_ID, ROLE_NAME, JOINED_AT, INVITED_BY, INVITE_ID, ROLE_CHANGED_BY, ROLE_CHANGED_AT),
                List.of());
    }

    private static final class RemovedMembershipSchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(MEMBERSHIP_ID, USER_ID, EMAIL, USER_NAME,
                USERNAME, ROLE_ID, ROLE_NAME, JOINED_AT, INVITED_BY, INVITE_ID, REMOVED_BY, REMOVED_AT), List.of());
    }

    private static final class MailboxEntrySchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(MEMBERSHIP_ID), List.of());
    }

    private static final class MemberGuardSchema {
        static final StaticTableSchema<Item> SCHEMA = schema(List.of(USER_ID, MEMBERSHIP_ID), List.of());
    }

    private Items() {
    }

    /** An item's attributes by name: strings, and numbers as longs. */
    static final class Item {
        private final Map<String, Object> values = new HashMap<>();

        /** A new item of a type, at a key. */
        static Item of(String type, String pk, String sk) {
            return new Item().set(ITEM_TYPE, type).set(PK, pk).set(SK, sk);
        }

        Item set(String name, Object value) {
            values.put(name, value);
            return this;
        }

        String string(String name) {
            return (String) values.get(name);
        }

        Long number(String name) {
            return (Long) values.get(name);
        }
    }

    private static StaticTableSchema<Item> schema(List<String> strings, List<String> numbers) {
        StaticTableSchema.Builder<Item> schema = StaticTableSchema.builder(Item.class)
                .newItemSupplier(Item::new)
                .attributeConverterProviders(Converters.INSTANCE)
                .addAttribute(string(PK).tags(StaticAttributeTags.primaryPartitionKey()).build())
                .addAttribute(string(SK).tags(StaticAttributeTags.primarySortKey()).build())
                .addAttribute(string(ITEM_TYPE).build());
        for (String name : strings) {
            schema.addAttribute(string(name).build());
        }
        for (String name : numbers) {
            schema.addAttribute(StaticAttribute.builder(Item.class, Long.class).name(name)
                    .getter(item -> item.number(name)).setter((item, value) -> item.set(name, value)).build());
        }
        return schema.build();
    }

    private static StaticAttribute.Builder<Item, String> string(String name) {
        return StaticAttribute.builder(Item.class, String.class).name(name)
                .getter(item -> item.string(name)).setter((item, value) -> item.set(name, value));
    }

    /** The only attribute types the items have: strings, and numbers that fit a long. */
    private enum Converters implements AttributeConverterProvider {
        INSTANCE;

        @Override
        @SuppressWarnings("unchecked")
        public <T> AttributeConverter<T> converterFor(EnhancedType<T> type) {
            if (type.rawClass() == String.class) {
                return (AttributeConverter<T>) Text.INSTANCE;
            }
            if (type.rawClass() == Long.class) {
                return (AttributeConverter<T>) Number.INSTANCE;
            }
            throw new IllegalArgumentException("no converter for " + type);
        }
    }

    private enum Text implements AttributeConverter<String> {
        INSTANCE;

        @Override
        public AttributeValue transformFrom(String value) {
            return AttributeValue.fromS(value);
        }

        @Override
        public String transformTo(AttributeValue value) {
            return value.s();
        }

        @Override
        public EnhancedType<String> type() {
            return EnhancedType.of(String.class);
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.S;
        }
    }

    private enum Number implements AttributeConverter<Long> {
        INSTANCE;

        @Override
        public AttributeValue transformFrom(Long value) {
            return AttributeValue.fromN(Long.toString(value));
        }

        @Override
        public Long transformTo(AttributeValue value) {
            return value.n() == null ? null : Long.valueOf(value.n());
        }

        @Override
        public EnhancedType<Long> type() {
            return EnhancedType.of(Long.class);
        }

        @Override
        public AttributeValueType attributeValueType() {
            return AttributeValueType.N;
        }
    }
}
