package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.AlreadyMemberException;
import dev.orginvites.shared.store.IdRange;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.Membership;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.Pages;
import dev.orginvites.shared.store.ResendTooSoonException;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.shared.store.TokenNonces;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * What happens to an invite after its create: its delivery is recorded, it is re-issued, it is accepted into a
 * membership; and the memberships it makes. A class of its own, made on first use, so that the functions that create,
 * list, read and cancel invites load and verify none of it on a cold start.
 */
final class InviteLifecycle {
    private enum ResendStep { OLD_INVITE, NEW_INVITE, GUARD, AUDIT }

    private enum AcceptStep { INVITE, GUARD, USER, MEMBERSHIP, AUDIT }

    /**
     * What a resend's transaction does with the email guard, after what the attempts before it found: move it when
     * it names the old invite (the usual case); take it when it is missing or names an invite no longer pending;
     * leave it to the other pending invite it names (a state only a crash or an operator leaves).
     */
    private enum GuardMove { MOVE, TAKE, LEAVE }

    private final DynamoInviteStore invites;
    private final Table table;

    InviteLifecycle(DynamoInviteStore invites, Table table) {
        this.invites = invites;
        this.table = table;
    }

    /** The org's memberships, for {@link Pages}: one Query over the range's keys. */
    private List<Membership> readMemberships(String orgId, String boundaryId, boolean inclusive, boolean ascending,
            int max, Instant now) {
        List<Membership> memberships = new ArrayList<>(max);
        for (Item item : table.query(Items.membership(), Keys.org(orgId), Keys.MEMBERSHIP,
                IdRange.of(TimeOrderedIds.FIRST, boundaryId, inclusive, ascending), ascending, max, null)) {
            memberships.add(toMembership(orgId, item));
        }
        return memberships;
    }

    /** One consistent GetItem, as {@link DynamoInviteStore#find}. */
    Optional<IssuedInvite> issued(String orgId, String inviteId, Instant now) {
        Item invite = invites.pendingInvite(orgId, inviteId, now);
        if (invite == null) {
            return Optional.empty();
        }
        String deliveredAt = invite.string(Items.DELIVERED_AT);
        return Optional.of(new IssuedInvite(DynamoInviteStore.toInvite(orgId, invite), invite.string(Items.INVITED_BY),
                TimeOrderedIds.timeOf(inviteId), Instant.ofEpochSecond(invite.number(Items.EXPIRES_AT)),
                invite.string(Items.TOKEN_NONCE), deliveredAt == null ? null : Instant.parse(deliveredAt)));
    }

    /** One conditional UpdateItem, which adds the delivery to the invite item (a MODIFY on the stream). */
    boolean recordDelivery(String orgId, String inviteId, String tokenNonce, String messageId, Instant now) {
        if (tokenNonce == null) {
            return false;
        }
        try {
            table.dynamoDb.updateItem(r -> r.tableName(table.name)
                    .key(Table.key(Keys.org(orgId), Keys.invite(inviteId)))
                    .updateExpression("SET #delivered = :at, #message = :message")
                    .conditionExpression(
                            "attribute_exists(#pk) AND #nonce = :nonce AND attribute_not_exists(#delivered)")
                    .expressionAttributeNames(Map.of("#pk", Items.PK, "#nonce", Items.TOKEN_NONCE,
                            "#delivered", Items.DELIVERED_AT, "#message", Items.MESSAGE_ID))
                    .expressionAttributeValues(Map.of(":nonce", AttributeValue.fromS(tokenNonce),
                            ":at", AttributeValue.fromS(now.toString()),
                            ":message", AttributeValue.fromS(messageId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Reads the invite, then in one transaction deletes it (on the condition that it is still pending), puts its
     * new issue (an INSERT on the stream, which is what wakes the mailer), moves the email guard to the new id and
     * expiry, and writes the audit record. A guard that does not name the old invite is handled as {@link DynamoInviteStore#cancel}
     * handles it: the transaction runs again, taking the guard if it is missing or names an invite no longer pending,
     * else leaving it to the other pending invite it names.
     */
    Optional<IssuedInvite> resend(String orgId, String inviteId, String resentBy, Duration interval,
            Instant now) {
        String pk = Keys.org(orgId);
        GuardMove guardMove = GuardMove.MOVE;
        for (int attempt = 1; ; attempt++) {
            Item old = invites.pendingInvite(orgId, inviteId, now);
            if (old == null) {
                return Optional.empty();
            }
            Instant retryAt = TimeOrderedIds.timeOf(inviteId).plus(interval);
            if (now.isBefore(retryAt)) {
                throw new ResendTooSoonException(retryAt);
            }
            String newId = invites.ids.apply(now).toString();
            long expiresAt = invites.expiry.expiresAt(now);
            String nonce = TokenNonces.next();
            String normalized = old.string(Items.EMAIL_NORMALIZED);
            Item invite = DynamoInviteStore.invite(pk, newId, old.string(Items.EMAIL), normalized, old.string(Items.ROLE_ID),
                    old.string(Items.ROLE_NAME), old.string(Items.INVITED_BY), now, expiresAt)
                    .set(Items.TOKEN_NONCE, nonce)
                    .set(Items.REISSUED_FROM, inviteId);
            Item audit = Item.of("reissued_invite", pk, Keys.reissued(inviteId))
                    .set(Items.INVITE_ID, inviteId)
                    .set(Items.REISSUED_AS, newId)
                    .set(Items.RESENT_BY, resentBy)
                    .set(Items.RESENT_AT, now.toString());
            Transaction<ResendStep> transaction = new Transaction<ResendStep>()
                    .add(ResendStep.OLD_INVITE, table.delete(Table.key(pk, Keys.invite(inviteId)), DynamoInviteStore.stillPending(now)))
                    .add(ResendStep.NEW_INVITE, table.put(Items.invite(), invite, Condition.absent()));
            if (guardMove != GuardMove.LEAVE) {
                transaction.add(ResendStep.GUARD, table.put(Items.emailGuard(), DynamoInviteStore.guard(pk, normalized, newId, expiresAt),
                        guardMove == GuardMove.MOVE ? DynamoInviteStore.names(inviteId) : invites.guardFree(now)));
            }
            transaction.add(ResendStep.AUDIT, table.put(Items.reissuedInvite(), audit, Condition.absent()));
            try {
                transaction.commit(table.dynamoDb);
                return Optional.of(new IssuedInvite(DynamoInviteStore.toInvite(orgId, invite), old.string(Items.INVITED_BY),
                        TimeOrderedIds.timeOf(newId), Instant.ofEpochSecond(expiresAt), nonce, null));
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, ResendStep.OLD_INVITE)
                        || transaction.conditionFailed(e, ResendStep.AUDIT)) {
                    return Optional.empty(); // accepted, cancelled, re-issued or expired meanwhile
                }
                boolean guardFailed = transaction.conditionFailed(e, ResendStep.GUARD);
                if (!(guardFailed || Transaction.conflicted(e)) || attempt == DynamoInviteStore.TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                if (guardFailed) {
                    guardMove = guardMove == GuardMove.MOVE ? GuardMove.TAKE : GuardMove.LEAVE;
                }
            }
        }
    }

    /**
     * Reads the invite, then in one transaction deletes it (on the condition that it is still pending with the
     * token's nonce), deletes its email guard when the guard names it (as {@link DynamoInviteStore#cancel} does), takes the user's
     * uniqueness record (which fails when the user is a member already), and writes the membership and the audit
     * record.
     */
    Optional<Membership> accept(String orgId, String inviteId, String tokenNonce, String userId,
            Instant now) {
        if (tokenNonce == null) {
            return Optional.empty();
        }
        String pk = Keys.org(orgId);
        Map<String, AttributeValue> inviteKey = Table.key(pk, Keys.invite(inviteId));
        boolean guardNamesIt = true;
        for (int attempt = 1; ; attempt++) {
            Item invite = invites.pendingInvite(orgId, inviteId, now);
            if (invite == null || !tokenNonce.equals(invite.string(Items.TOKEN_NONCE))) {
                return Optional.empty();
            }
            Membership membership = new Membership(invites.ids.apply(now).toString(), orgId, userId,
                    invite.string(Items.EMAIL), invite.string(Items.ROLE_ID), invite.string(Items.ROLE_NAME), now,
                    invite.string(Items.INVITED_BY), inviteId);
            Condition pendingWithNonce = new Condition("attribute_exists(#pk) AND #expires > :now AND #nonce = :nonce",
                    Map.of("#pk", Items.PK, "#expires", Items.EXPIRES_AT, "#nonce", Items.TOKEN_NONCE),
                    Map.of(":now", Table.epochSeconds(now), ":nonce", AttributeValue.fromS(tokenNonce)));
            Item memberGuard = Item.of("member_guard", pk, Keys.user(userId))
                    .set(Items.USER_ID, userId)
                    .set(Items.MEMBERSHIP_ID, membership.id());
            Item audit = DynamoInviteStore.endOf(invite, "accepted_invite", Keys.accepted(inviteId))
                    .set(Items.USER_ID, userId)
                    .set(Items.MEMBERSHIP_ID, membership.id())
                    .set(Items.ACCEPTED_AT, now.toString());
            Transaction<AcceptStep> transaction = new Transaction<AcceptStep>()
                    .add(AcceptStep.INVITE, table.delete(inviteKey, pendingWithNonce));
            if (guardNamesIt) {
                transaction.add(AcceptStep.GUARD,
                        table.delete(Table.key(pk, Keys.emailGuard(invite.string(Items.EMAIL_NORMALIZED))), DynamoInviteStore.names(inviteId)));
            }
            transaction.add(AcceptStep.USER, table.put(Items.memberGuard(), memberGuard, Condition.absent()))
                    .add(AcceptStep.MEMBERSHIP, table.put(Items.membership(), membershipItem(pk, membership), Condition.absent()))
                    .add(AcceptStep.AUDIT, table.put(Items.acceptedInvite(), audit, Condition.absent()));
            try {
                transaction.commit(table.dynamoDb);
                return Optional.of(membership);
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, AcceptStep.INVITE)
                        || transaction.conditionFailed(e, AcceptStep.AUDIT)) {
                    return Optional.empty(); // accepted, cancelled, re-issued or expired meanwhile
                }
                if (transaction.conditionFailed(e, AcceptStep.USER)) {
                    throw new AlreadyMemberException();
                }
                boolean guardElsewhere = transaction.conditionFailed(e, AcceptStep.GUARD);
                if (!(guardElsewhere || Transaction.conflicted(e)) || attempt == DynamoInviteStore.TRANSACTION_ATTEMPTS) {
                    throw e;
                }
                guardNamesIt = guardNamesIt && !guardElsewhere;
            }
        }
    }

    private static Item membershipItem(String pk, Membership membership) {
        return Item.of("membership", pk, Keys.membership(membership.id()))
                .set(Items.MEMBERSHIP_ID, membership.id())
                .set(Items.USER_ID, membership.userId())
                .set(Items.EMAIL, membership.email())
                .set(Items.ROLE_ID, membership.roleId())
                .set(Items.ROLE_NAME, membership.roleName())
                .set(Items.JOINED_AT, membership.joinedAt().toString())
                .set(Items.INVITED_BY, membership.invitedBy())
                .set(Items.INVITE_ID, membership.inviteId());
    }

    private static Membership toMembership(String orgId, Item item) {
        return new Membership(item.string(Items.MEMBERSHIP_ID), orgId, item.string(Items.USER_ID),
                item.string(Items.EMAIL), item.string(Items.ROLE_ID), item.string(Items.ROLE_NAME),
                Instant.parse(item.string(Items.JOINED_AT)), item.string(Items.INVITED_BY),
                item.string(Items.INVITE_ID));
    }

    MembershipPage memberships(String orgId, PageRequest page) {
        Pages.Page<Membership> read = Pages.read(this::readMemberships, orgId, page, null);
        return new MembershipPage(read.items(), read.previousCursor(), read.nextCursor());
    }
}
