package dev.orginvites.devkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Calls named as IAM authorizes them: a transaction or a batch by the actions of its items. */
class IamActionRecorderTest {
    private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("a"));

    @Test
    void aTransactionNeedsTheActionOfEachOfItsItems() {
        TransactWriteItemsRequest transaction = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().conditionCheck(c -> c.tableName("t").key(KEY).conditionExpression("x"))
                        .build(),
                TransactWriteItem.builder().put(p -> p.tableName("t").item(KEY)).build(),
                TransactWriteItem.builder().delete(d -> d.tableName("t").key(KEY)).build(),
                TransactWriteItem.builder().update(u -> u.tableName("t").key(KEY).updateExpression("SET x = :x"))
                        .build()).build();

        assertEquals(List.of("ConditionCheckItem", "PutItem", "DeleteItem", "UpdateItem"),
                IamActionRecorder.actions("TransactWriteItems", transaction));
        assertEquals(List.of("GetItem"), IamActionRecorder.actions("TransactGetItems",
                TransactGetItemsRequest.builder().build()));
    }

    @Test
    void aBatchWriteNeedsPutItemOrDeleteItemPerRequestAndAnyOtherCallItsOwnName() {
        BatchWriteItemRequest batch = BatchWriteItemRequest.builder().requestItems(Map.of("t", List.of(
                WriteRequest.builder().deleteRequest(d -> d.key(KEY)).build()))).build();

        assertEquals(List.of("DeleteItem"), IamActionRecorder.actions("BatchWriteItem", batch));
        assertEquals(List.of("GetItem"), IamActionRecorder.actions("GetItem", GetItemRequest.builder().build()));
    }
}
