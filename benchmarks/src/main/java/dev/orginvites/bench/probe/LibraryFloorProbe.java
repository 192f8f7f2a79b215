package dev.orginvites.bench.probe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The library floor: the SDK floor plus the least the libraries the functions are built on cost, used as the
 * functions use them, with no code of ours. Init builds the DynamoDB client as the functions do; the first request
 * reads a small JSON document with Jackson's streaming parser, builds a builder-based {@code StaticTableSchema} (three
 * string attributes), makes the same GetItem and maps its item through the schema, and writes a small JSON document
 * with Jackson's generator. What a function costs beyond this is our own code and the calls it makes beyond one
 * GetItem. Arguments: the partition and sort key to read.
 */
public final class LibraryFloorProbe {
    private LibraryFloorProbe() {
    }

    /** The item: attributes by name, as the functions' items are. */
    static final class Item {
        final Map<String, String> values = new HashMap<>();
    }

    public static void main(String[] args) throws IOException {
        long main = Report.micros();
        TableSettings settings = TableSettings.fromEnvironment();
        DynamoDbClient client = DynamoClients.create(settings);
        long ready = Report.micros();

        JsonFactory json = new JsonFactory();
        int tokens = 0;
        try (JsonParser parser = json.createParser(
                "{\"data\":{\"type\":\"role\",\"attributes\":{\"name\":\"Developer\"}}}".getBytes(StandardCharsets.UTF_8))) {
            while (parser.nextToken() != null) {
                tokens++;
            }
        }
        StaticTableSchema<Item> schema = StaticTableSchema.builder(Item.class)
                .newItemSupplier(Item::new)
                .addAttribute(String.class, a -> a.name("pk").tags(StaticAttributeTags.primaryPartitionKey())
                        .getter(i -> i.values.get("pk")).setter((i, v) -> i.values.put("pk", v)))
                .addAttribute(String.class, a -> a.name("sk").tags(StaticAttributeTags.primarySortKey())
                        .getter(i -> i.values.get("sk")).setter((i, v) -> i.values.put("sk", v)))
                .addAttribute(String.class, a -> a.name("name")
                        .getter(i -> i.values.get("name")).setter((i, v) -> i.values.put("name", v)))
                .build();
        GetItemResponse response = client.getItem(r -> r.tableName(settings.tableName()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(args[0]), "sk", AttributeValue.fromS(args[1]))));
        Item item = response.hasItem() ? schema.mapToItem(response.item()) : null;
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeObjectFieldStart("data");
            generator.writeStringField("type", "role");
            generator.writeStringField("name", item == null ? null : item.values.get("name"));
            generator.writeNumberField("tokens", tokens);
            generator.writeEndObject();
            generator.writeEndObject();
        }
        long done = Report.micros();
        Report.print(main, ready, done, item != null && out.toString().contains("Developer") ? 200 : 404);
    }
}
