package dev.orginvites.bench;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import dev.orginvites.devkit.Ports;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.config.Settings;
import dev.orginvites.shared.store.DynamoClients;
import dev.orginvites.shared.store.DynamoInviteStore;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.PageRequest;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Pages at scale: an org with 10 pending invitations and one with 100,000 (loaded with BatchWriteItem, each an
 * invitation and its email guard, as the store writes them), and for each the first page and a page 50 pages deep.
 * Reported per page: the items DynamoDB read (ScannedCount), the capacity it consumed where the endpoint reports it,
 * and the store's latency, median and p90 of repeated reads.
 *
 * <p>Latency is measured against dynalite (npm), whose Query cost follows the page rather than the partition, as
 * DynamoDB's does; moto reads the whole partition per Query, so its latency says nothing about scale. Items read per
 * page hold on any endpoint.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.orginvites.bench.Scale [--invites N] [--repeats N] [--endpoint URL]
 * </pre>
 */
public final class Scale {
    private static final String SMALL_ORG = "1a2b3c4d-0000-4000-8000-000000000010";
    private static final String LARGE_ORG = "1a2b3c4d-0000-4000-8000-000000100000";
    private static final String ROLE = "f1968726-1dca-42d4-a4dc-80cab99e2b6c";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int invites = Integer.parseInt(options.getOrDefault("invites", "100000"));
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "200"));
        if (invites < 50 * 100) {
            throw new IllegalArgumentException("--invites must be at least 5000: the 50th page of 100 is measured");
        }

        Process dynalite = null;
        URI endpoint;
        if (options.containsKey("endpoint")) {
            endpoint = URI.create(options.get("endpoint"));
        } else {
            int port = Ports.free();
            Path bin = SamTemplate.locate().path().getParent().resolve("benchmarks/node_modules/.bin/dynalite");
            if (!Files.isExecutable(bin)) {
                throw new IllegalStateException(bin + " is missing: run npm ci --prefix benchmarks");
            }
            dynalite = new ProcessBuilder(bin.toString(), "--port", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            endpoint = URI.create("http://127.0.0.1:" + port);
            if (!Ports.await(port, dynalite, Duration.ofSeconds(10))) {
                throw new IllegalStateException("dynalite did not start on port " + port);
            }
        }
        try {
            Settings settings = BenchTable.create("scale", endpoint, false); // dynalite lacks TTL; nothing here expires
            String table = settings.tableName();
            DynamoDbClient client = DynamoClients.create(settings);
            DynamoInviteStore store = DynamoInviteStore.fromSettings(settings);

            long started = System.nanoTime();
            List<String> small = load(client, table, SMALL_ORG, 10);
            List<String> large = load(client, table, LARGE_ORG, invites);
            System.out.printf(Locale.ROOT, "Loaded %d + 10 invitations with BatchWriteItem in %.0f s into %s%n%n",
                    invites, (System.nanoTime() - started) / 1e9, endpoint);

            System.out.println("| org | page | limit | invitations on page | items read (ScannedCount) | capacity units "
                    + "| median ms | p90 ms |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int limit : new int[] {10, 100}) {
                double[] baseline = measure(store, SMALL_ORG, "10", "first", PageRequest.first(limit), limit, repeats);
                double[] first = measure(store, LARGE_ORG, String.valueOf(invites), "first",
                        PageRequest.first(limit), limit, repeats);
                double[] deep = measure(store, LARGE_ORG, String.valueOf(invites), "50th",
                        PageRequest.after(limit, large.get(49 * limit - 1)), limit, repeats);
                System.out.printf(Locale.ROOT, "%nlimit %d: the %d-invitation org's first page at %.2f× and its 50th "
                        + "page at %.2f× the 10-invitation org's first page (medians)%n%n", limit, invites,
                        first[0] / baseline[0], deep[0] / baseline[0]);
            }
        } finally {
            if (dynalite != null) {
                dynalite.destroy();
            }
        }
    }

    /** Reads one page {@code repeats} times; prints a row; returns {median, p90} in ms. */
    private static double[] measure(DynamoInviteStore store, String org, String size, String which,
            PageRequest request, int limit, int repeats) {
        InvitePage page = store.list(org, request, Instant.now());
        for (int i = 0; i < 200; i++) { // warm the JIT, the connection and the emulator before timing
            store.list(org, request, Instant.now());
        }
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            store.list(org, request, Instant.now());
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(millis);
        double median = millis[repeats / 2];
        double p90 = millis[(int) (repeats * 0.9)];
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %.2f | %.2f |%n", size, which, limit,
                page.invites().size(), page.itemsRead(),
                Double.isNaN(page.capacityUnits()) ? "not reported" : String.format(Locale.ROOT, "%.1f",
                        page.capacityUnits()), median, p90);
        return new double[] {median, p90};
    }

    /** Writes {@code count} pending invitations (each with its email guard) in creation order; returns their ids. */
    private static List<String> load(DynamoDbClient client, String table, String org, int count) {
        NoArgGenerator ids = Generators.timeBasedEpochGenerator();
        long expires = Instant.now().plus(Duration.ofDays(7)).getEpochSecond();
        String pk = "ORG#" + org;
        List<String> created = new ArrayList<>(count);
        List<WriteRequest> batch = new ArrayList<>();
        batch.add(put(Map.of("pk", s(pk), "sk", s("ROLE#" + ROLE), "item_type", s("role"), "role_id", s(ROLE),
                "name", s("Developer"))));
        for (int i = 0; i < count; i++) {
            String id = ids.generate().toString();
            String email = "person" + i + "@example.com";
            created.add(id);
            Map<String, AttributeValue> invite = new LinkedHashMap<>();
            invite.put("pk", s(pk));
            invite.put("sk", s("INVITE#" + id));
            invite.put("item_type", s("invite"));
            invite.put("invite_id", s(id));
            invite.put("email", s(email));
            invite.put("email_normalized", s(email));
            invite.put("role_id", s(ROLE));
            invite.put("role_name", s("Developer"));
            invite.put("invited_by", s("scale"));
            invite.put("created_at", s(Instant.now().toString()));
            invite.put("expires_at", AttributeValue.fromN(Long.toString(expires)));
            batch.add(put(invite));
            batch.add(put(Map.of("pk", s(pk), "sk", s("EMAIL#" + email), "item_type", s("email_guard"),
                    "invite_id", s(id), "expires_at", AttributeValue.fromN(Long.toString(expires)))));
            if (batch.size() >= 24) {
                write(client, table, batch);
                batch = new ArrayList<>();
            }
        }
        write(client, table, batch);
        return created;
    }

    private static void write(DynamoDbClient client, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty() && !pending.get(table).isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
            pending = response.unprocessedItems().isEmpty() ? Map.of() : response.unprocessedItems();
        }
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
