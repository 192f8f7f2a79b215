package dev.orginvites.devkit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Counts what a DynamoDB client's reads cost, for tests and benchmarks that hold the store to a budget: the Queries,
 * the items DynamoDB read for them ({@code ScannedCount}, what it bills), the items GetItem and BatchGetItem returned,
 * and the read capacity all of them consumed. Add it to a client with
 * {@code overrideConfiguration(c -> c.addExecutionInterceptor(calls))}. It asks each read for its consumed capacity,
 * which the functions themselves never do. It also counts every call by operation, on any SDK client it is added to
 * (the mailer's benchmark counts its SES and Secrets Manager calls with it too).
 */
public final class DynamoCalls implements ExecutionInterceptor {
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger itemsRead = new AtomicInteger();
    private final AtomicInteger keyReads = new AtomicInteger();
    private final DoubleAdder capacityUnits = new DoubleAdder();
    private final AtomicInteger capacityReports = new AtomicInteger();
    private final Map<String, AtomicInteger> byOperation = new ConcurrentSkipListMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String request = context.request().getClass().getSimpleName();
        String operation = request.endsWith("Request") ? request.substring(0, request.length() - 7) : request;
        byOperation.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof QueryRequest query) {
            return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (context.request() instanceof GetItemRequest get) {
            return get.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (context.request() instanceof BatchGetItemRequest batch) {
            return batch.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return context.request();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        if (response instanceof QueryResponse query) {
            queries.incrementAndGet();
            itemsRead.addAndGet(query.scannedCount() == null ? query.count() : query.scannedCount());
            addCapacity(query.consumedCapacity());
        } else if (response instanceof GetItemResponse get) {
            keyReads.addAndGet(get.hasItem() ? 1 : 0);
            addCapacity(get.consumedCapacity());
        } else if (response instanceof BatchGetItemResponse batch) {
            batch.responses().values().forEach(items -> keyReads.addAndGet(items.size()));
            batch.consumedCapacity().forEach(this::addCapacity);
        }
    }

    private void addCapacity(ConsumedCapacity consumed) {
        if (consumed != null && consumed.capacityUnits() != null) {
            capacityUnits.add(consumed.capacityUnits());
            capacityReports.incrementAndGet();
        }
    }

    /** Starts counting afresh. */
    public void reset() {
        queries.set(0);
        itemsRead.set(0);
        keyReads.set(0);
        capacityUnits.reset();
        capacityReports.set(0);
        byOperation.clear();
    }

    /**
     * Calls made since the last reset, by operation ({@code GetItem}, {@code SendEmail}, ...), each counted once
     * however many attempts it took.
     */
    public Map<String, Integer> byOperation() {
        Map<String, Integer> counts = new TreeMap<>();
        byOperation.forEach((operation, count) -> counts.put(operation, count.get()));
        return counts;
    }

    /** Query calls made since the last reset. */
    public int queries() {
        return queries.get();
    }

    /** Items the Queries read (their ScannedCount, summed) since the last reset. */
    public int itemsRead() {
        return itemsRead.get();
    }

    /** Items GetItem and BatchGetItem calls returned since the last reset. */
    public int keyReads() {
        return keyReads.get();
    }

    /**
     * Read capacity units the Queries, GetItems and BatchGetItems consumed since the last reset; NaN where the
     * endpoint reports none.
     */
    public double capacityUnits() {
        boolean read = queries.get() > 0 || byOperation.containsKey("GetItem") || byOperation.containsKey("BatchGetItem");
        return capacityReports.get() == 0 && read ? Double.NaN : capacityUnits.sum();
    }
}
