package dev.orginvites.shared.store.dynamodb;

import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.store.DeliveryProblem.Recorded;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.InviteFailedException;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.shared.store.ResendTooSoonException;
import dev.orginvites.shared.store.TimeOrderedIds;
import dev.orginvites.shared.store.TokenNonces;
import dev.orginvites.shared.store.dynamodb.Items.Item;
import dev.orginvites.shared.text.DisplayNames;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * An invite's issues after its create: what delivery reads and records, and the re-issue a resend makes. A class of
 * its own, made on first use by {@link DynamoInvitations}, so that the functions that create, list, read and cancel
 * invites load and verify none of it on a cold start.
 */
final class InviteIssues {
    private enum ResendStep { OLD_INVITE, NEW_INVITE, GUARD, AUDIT, QUOTA }

    /**
     * What a resend's transaction does with the email guard, after what the attempts before it found: move it when
     * it names the old invite (the usual case); take it when it is missing or names an invite no longer pending;
     * leave it to the other pending invite it names (a state only a crash or an operator leaves).
     */
    private enum GuardMove { MOVE, TAKE, LEAVE }

    private final PendingInvites pending;
    private final InviteQuotas quotas;
    private final Table table;

    InviteIssues(PendingInvites pending, InviteQuotas quotas) {
        this.pending = pending;
        this.quotas = quotas;
        this.table = pending.table;
    }

    /** One consistent GetItem, as {@link DynamoInvitations#find}. */
    Optional<IssuedInvite> issued(String orgId, String inviteId, Instant now) {
        Item invite = pending.pending(orgId, inviteId, now);
        if (invite == null) {
            return Optional.empty();
        }
        String deliveredAt = invite.string(Items.DELIVERED_AT);
        return Optional.of(new IssuedInvite(PendingInvites.toInvite(orgId, invite), invite.string(Items.INVITED_BY),
                DisplayNames.orNull(invite.string(Items.INVITER_NAME)), TimeOrderedIds.timeOf(inviteId), Instant.ofEpochSecond(invite.number(Items.EXPIRES_AT)),
                invite.string(Items.TOKEN_NONCE), deliveredAt == null ? null : Instant.parse(deliveredAt),
                PendingInvites.problem(invite, Items.DELAY_REASON, Items.DELAY_AT)));
    }

    /**
     * One conditional UpdateItem (a MODIFY on the stream when it changes the item): the failure is kept if the
     * invite is pending and has none, or one later than it (or as late, with a reason after it), so the earliest
     * report wins whatever order reports arrive in, and a repeated one changes nothing. A failed condition is told
     * apart with one consistent read.
     */
    Recorded recordFailure(String orgId, String inviteId, DeliveryProblem failure, Instant now) {
        failure.asFailure();
        String issue = inviteId;
        for (int hop = 0; ; hop++) {
            Recorded recorded = record(orgId, issue, failure, now, Items.FAILED_AT, Items.FAILED_REASON, ">");
            if (recorded != Recorded.NOT_PENDING || hop >= Invitations.REISSUES_FOLLOWED) {
                return recorded;
            }
            // A failure of an issue resent since is the address's: it fails the issue that replaced it.
            Item reissued = table.get(Items.reissuedInvite(), Table.key(Keys.org(orgId), Keys.reissued(issue)));
            if (reissued == null) {
                return recorded;
            }
            issue = reissued.string(Items.REISSUED_AS);
        }
    }

    /** As {@link #recordFailure}, but the latest delay is kept. */
    Recorded recordDelay(String orgId, String inviteId, DeliveryProblem delay, Instant now) {
        return record(orgId, inviteId, delay, now, Items.DELAY_AT, Items.DELAY_REASON, "<");
    }

    /** @param outranks how a recorded problem compares to a new one that replaces it */
    private Recorded record(String orgId, String inviteId, DeliveryProblem problem, Instant now, String atName,
            String reasonName, String outranks) {
        if (inviteId.compareTo(pending.expiry.floorId(now)) < 0) {
            return Recorded.NOT_PENDING;
        }
        Condition pendingNow = PendingInvites.stillPending(now);
        Map<String, String> names = new HashMap<>(pendingNow.names());
        names.put("#at", atName);
        names.put("#reason", reasonName);
        Map<String, AttributeValue> values = new HashMap<>(pendingNow.values());
        values.put(":at", AttributeValue.fromS(problem.atText()));
        values.put(":reason", AttributeValue.fromS(problem.reason()));
        try {
            table.dynamoDb.updateItem(r -> r.tableName(table.name)
                    .key(Table.key(Keys.org(orgId), Keys.invite(inviteId)))
                    .updateExpression("SET #at = :at, #reason = :reason")
                    .conditionExpression(pendingNow.expression() + " AND (attribute_not_exists(#at) OR #at "
                            + outranks + " :at OR (#at = :at AND #reason " + outranks + " :reason))")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return Recorded.RECORDED;
        } catch (ConditionalCheckFailedException e) {
            return pending.pending(orgId, inviteId, now) == null ? Recorded.NOT_PENDING : Recorded.UNCHANGED;
        }
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
     * Reads the invite and, once it may be resent, the org's quota ({@link InviteQuotas}); then in one transaction
     * deletes it (on the condition that it is still pending), puts its new issue (an INSERT on the stream, which is
     * what wakes the mailer), moves the email guard to the new id and expiry, writes the audit record and counts the
     * send. A guard that does not name the old invite is handled as
     * {@link DynamoInvitations#cancel} handles it: the transaction runs again, taking the guard if it is missing or
     * names an invite no longer pending, else leaving it to the other pending invite it names.
     */
    Optional<IssuedInvite> resend(String orgId, String inviteId, String resentBy, Duration interval,
            Instant now) {
        String pk = Keys.org(orgId);
        GuardMove guardMove = GuardMove.MOVE;
        for (int attempt = 1; ; attempt++) {
            Item old = pending.pending(orgId, inviteId, now);
            if (old == null) {
                return Optional.empty();
            }
            DeliveryProblem failure = PendingInvites.problem(old, Items.FAILED_REASON, Items.FAILED_AT);
            if (failure != null) {
                throw new InviteFailedException(failure);
            }
            Instant retryAt = TimeOrderedIds.timeOf(inviteId).plus(interval);
            if (now.isBefore(retryAt)) {
                throw new ResendTooSoonException(retryAt);
            }
            String newId = pending.newId(now);
            long expiresAt = pending.expiry.expiresAt(now);
            String nonce = TokenNonces.next();
            String normalized = old.string(Items.EMAIL_NORMALIZED);
            Item invite = PendingInvites.invite(pk, newId, old.string(Items.EMAIL), normalized,
                    old.string(Items.ROLE_ID), old.string(Items.ROLE_NAME), old.string(Items.INVITED_BY),
                    old.string(Items.INVITER_NAME), now, expiresAt)
                    .set(Items.TOKEN_NONCE, nonce)
                    .set(Items.REISSUED_FROM, inviteId)
                    .set(Items.RESENT_BY, resentBy);
            Item audit = Item.of("reissued_invite", pk, Keys.reissued(inviteId))
                    .set(Items.INVITE_ID, inviteId)
                    .set(Items.REISSUED_AS, newId)
                    .set(Items.RESENT_BY, resentBy)
                    .set(Items.RESENT_AT, now.toString());
            Transaction<ResendStep> transaction = new Transaction<ResendStep>()
                    .add(ResendStep.OLD_INVITE, table.delete(Table.key(pk, Keys.invite(inviteId)),
                            PendingInvites.stillPendingUnfailed(now)))
                    .add(ResendStep.NEW_INVITE, table.put(Items.invite(), invite, Condition.absent()));
            if (guardMove != GuardMove.LEAVE) {
                transaction.add(ResendStep.GUARD, table.put(Items.emailGuard(),
                        PendingInvites.guard(pk, normalized, newId, expiresAt),
                        guardMove == GuardMove.MOVE ? PendingInvites.names(inviteId) : pending.guardFree(now)));
            }
            transaction.add(ResendStep.AUDIT, table.put(Items.reissuedInvite(), audit, Condition.absent()));
            TransactWriteItem counted = quotas.send(pk, now);
            if (counted != null) {
                transaction.add(ResendStep.QUOTA, counted);
            }
            try {
                transaction.commit(table.dynamoDb);
                return Optional.of(new IssuedInvite(PendingInvites.toInvite(orgId, invite),
                        old.string(Items.INVITED_BY), DisplayNames.orNull(old.string(Items.INVITER_NAME)),
                        TimeOrderedIds.timeOf(newId), Instant.ofEpochSecond(expiresAt),
                        nonce, null, null));
            } catch (TransactionCanceledException e) {
                if (transaction.conditionFailed(e, ResendStep.OLD_INVITE)) {
                    if (attempt >= Transaction.ATTEMPTS) {
                        return Optional.empty();
                    }
                    continue; // accepted, cancelled, re-issued, expired or failed meanwhile: the next read says which
                }
                if (transaction.conditionFailed(e, ResendStep.AUDIT)) {
                    return Optional.empty(); // re-issued meanwhile
                }
                boolean guardFailed = transaction.conditionFailed(e, ResendStep.GUARD);
                boolean recount = transaction.contended(e, ResendStep.QUOTA);
                if (!(guardFailed || recount || Transaction.conflicted(e))
                        || attempt >= (recount ? InviteQuotas.ATTEMPTS : Transaction.ATTEMPTS)) {
                    throw e;
                }
                if (guardFailed) {
                    guardMove = guardMove == GuardMove.MOVE ? GuardMove.TAKE : GuardMove.LEAVE;
                }
            }
        }
    }
}
