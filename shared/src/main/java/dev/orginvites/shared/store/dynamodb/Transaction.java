package dev.orginvites.shared.store.dynamodb;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * One {@code TransactWriteItems} call whose items have names, so that a cancelled transaction's reasons, which
 * DynamoDB lists in the order of the items, are read by what failed rather than by position.
 *
 * @param <S> the names of the transaction's steps (an enum per transaction). Unbounded on purpose: a bound would make
 *     the verifier load every transaction's step type on every cold start, used or not.
 */
final class Transaction<S> {
    /** Transactions cancelled by a conflicting concurrent transaction are tried this many times in all. */
    static final int ATTEMPTS = 4;
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";

    private final List<S> steps = new ArrayList<>(3);
    private final List<TransactWriteItem> items = new ArrayList<>(3);

    Transaction<S> add(S step, TransactWriteItem item) {
        steps.add(step);
        items.add(item);
        return this;
    }

    void commit(DynamoDbClient dynamoDb) {
        dynamoDb.transactWriteItems(r -> r.transactItems(items));
    }

    /** Whether the step's condition failed (false for a step this transaction does not have). */
    boolean conditionFailed(TransactionCanceledException e, S step) {
        int index = steps.indexOf(step);
        List<CancellationReason> reasons = e.cancellationReasons();
        return index >= 0 && reasons != null && reasons.size() > index
                && CONDITION_FAILED.equals(reasons.get(index).code());
    }

    /** Whether the step's condition failed or a concurrent transaction on its item cancelled this one. */
    boolean contended(TransactionCanceledException e, S step) {
        int index = steps.indexOf(step);
        List<CancellationReason> reasons = e.cancellationReasons();
        return index >= 0 && reasons != null && reasons.size() > index
                && (CONDITION_FAILED.equals(reasons.get(index).code())
                        || CONFLICT.equals(reasons.get(index).code()));
    }

    /** Whether a concurrent transaction on one of the items cancelled this one (worth retrying). */
    static boolean conflicted(TransactionCanceledException e) {
        if (e.cancellationReasons() != null) {
            for (CancellationReason reason : e.cancellationReasons()) {
                if (CONFLICT.equals(reason.code())) {
                    return true;
                }
            }
        }
        return false;
    }
}
