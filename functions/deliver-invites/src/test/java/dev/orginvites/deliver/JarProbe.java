package dev.orginvites.deliver;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deployable jar as Lambda runs it, in a JVM whose classpath is that jar and this class only: the handler built by
 * its no-argument constructor from the environment, then handed one batch. Uses nothing but what the jar holds.
 *
 * <p>Argument: a file of records, one a line: {@code eventName sequenceNumber pk sk tokenNonce} (tab-separated). Prints
 * the handler's log lines, then {@code failures=<sequence numbers, comma-separated>} and the time the constructor
 * and the batch took.
 */
public final class JarProbe {
    private JarProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<DynamodbStreamRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t");
            StreamRecord change = new StreamRecord().withSequenceNumber(fields[1])
                    .withKeys(Map.of("pk", new AttributeValue(fields[2]), "sk", new AttributeValue(fields[3])))
                    .withNewImage(Map.of("pk", new AttributeValue(fields[2]), "sk", new AttributeValue(fields[3]),
                            "token_nonce", new AttributeValue(fields[4])))
                    .withStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
            DynamodbStreamRecord record = new DynamodbStreamRecord();
            record.setEventName(fields[0]);
            record.setEventSource("aws:dynamodb");
            record.setDynamodb(change);
            records.add(record);
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);

        long start = System.nanoTime();
        DeliverInvitesHandler handler = new DeliverInvitesHandler();
        long ready = System.nanoTime();
        StreamsEventResponse response = handler.handleRequest(event, null);
        long done = System.nanoTime();

        List<String> failed = new ArrayList<>();
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        System.out.println("failures=" + String.join(",", failed));
        System.out.println("init_ms=" + (ready - start) / 1_000_000 + " batch_ms=" + (done - ready) / 1_000_000);
    }
}
