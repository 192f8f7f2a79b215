package dev.orginvites.bench;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.orginvites.devkit.DynamoCalls;
import dev.orginvites.devkit.Ports;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.Cursor;
import dev.orginvites.shared.store.InvitePage;
import dev.orginvites.shared.store.MembershipPage;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.shared.store.dynamodb.DynamoClients;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
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
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Pages at scale: an org with 10 pending invitations, one with 100,000, and one with 100,000 expired invitations
 * (not yet removed by DynamoDB's TTL sweeper) before 12 pending ones, all loaded with BatchWriteItem as the store
 * writes them (each invitation with its email guard). Read through the store: the first page and a page 50 pages
 * deep of the large org; the first page of the expired org, its last page reached by {@code next}, and its first
 * page again reached by {@code prev}. Reported per page: the Query calls, the items DynamoDB read for them
 * (ScannedCount), the capacity consumed where the endpoint reports it (all counted by {@link DynamoCalls} on the
 * store's client), and the store's latency, median and p90 of repeated reads.
 *
 * <p>Then members: an org with 10 members and one with 100,000 (each membership with its user record and its entry in
 * the address index, as an accept writes them; 25 of them, spread through the org, share one address). Read: the
 * first page of each, the large org's page filtered by {@code user_id}, by a member's own address, by the shared
 * address (its first page and, by {@code next}, its second) and by an address no member has. Reported as for
 * invitations, with the items GetItem and BatchGetItem returned beside the Queries'.
 *
 * <p>Latency is measured against dynalite (npm), whose Query cost follows the page rather than the partition, as
 * DynamoDB's does; moto reads the whole partition per Query, so its latency says nothing about scale. dynalite has
 * no TTL sweeper, so an expired invitation is what DynamoDB may hold for days after expiry: an item whose
 * {@code expires_at} has passed. Calls and items read per page hold on any endpoint.
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.orginvites.bench.Scale [--invites N] [--members N] [--repeats N]
 *       [--endpoint URL]
 * </pre>
 */
public final class Scale {
    private static final String SMALL_ORG = "1a2b3c4d-0000-4000-8000-000000000010";
    private static final String LARGE_ORG = "1a2b3c4d-0000-4000-8000-000000100000";
    private static final String EXPIRED_ORG = "1a2b3c4d-0000-4000-8000-0000000e0012";
    private static final String SMALL_MEMBER_ORG = "1a2b3c4d-0000-4000-8000-00000000a010";
    private static final String LARGE_MEMBER_ORG = "1a2b3c4d-0000-4000-8000-00000010a000";
    private static final int SHARING = 25;
    private static final String ROLE = "f1968726-1dca-42d4-a4dc-80cab99e2b6c";
    private static final int WARM_UP = 200;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int invites = Integer.parseInt(options.getOrDefault("invites", "100000"));
        int members = Integer.parseInt(options.getOrDefault("members", "100000"));
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "200"));
        if (invites != 0 && invites < 50 * 100) {
            throw new IllegalArgumentException("--invites must be 0 (no invitations) or at least 5000: the 50th page"
                    + " of 100 is measured");
        }
        if (members != 0 && members < 2 * SHARING) {
            throw new IllegalArgumentException("--members must be 0 (no members) or at least " + 2 * SHARING);
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
            TableSettings settings = BenchTable.create("scale", endpoint, false); // dynalite has no TTL sweeper
            String table = settings.tableName();
            DynamoDbClient client = DynamoClients.create(settings);
            DynamoCalls calls = new DynamoCalls();
            DynamoTable store = new DynamoTable(DynamoClients.create(settings, calls), table,
                    settings.inviteTtl());
            Duration ttl = settings.inviteTtl();
            Instant now = Instant.now();

            Scale scale = new Scale(store, calls, repeats);
            if (invites > 0) {
                scale.invitations(client, table, invites, now, ttl, endpoint);
            }
            if (members > 0) {
                scale.members(client, table, members, now);
            }
            System.out.println();
            scale.ratios.forEach(System.out::println);
        } finally {
            if (dynalite != null) {
                dynalite.destroy();
            }
        }
    }

    private final DynamoTable store;
    private final DynamoCalls calls;
    private final int repeats;
    private final List<String> ratios = new ArrayList<>();

    private Scale(DynamoTable store, DynamoCalls calls, int repeats) {
        this.store = store;
        this.calls = calls;
        this.repeats = repeats;
    }

    /** Loads the three invitation orgs, then measures their pages. */
    private void invitations(DynamoDbClient client, String table, int invites, Instant now, Duration ttl,
            URI endpoint) {
        long started = System.nanoTime();
        load(client, table, SMALL_ORG, 10, now.minus(Duration.ofHours(1)), Duration.ofHours(1), ttl);
        List<String> large = load(client, table, LARGE_ORG, invites, now.minus(Duration.ofHours(1)),
                Duration.ofHours(1), ttl);
        // Made over the day before the TTL began, so all have expired by now.
        load(client, table, EXPIRED_ORG, invites, now.minus(ttl).minus(Duration.ofDays(1)), Duration.ofDays(1),
                ttl);
        load(client, table, EXPIRED_ORG, 12, now.minus(Duration.ofHours(1)), Duration.ofHours(1), ttl);
        System.out.printf(Locale.ROOT, "Loaded 10 + %d + (%d expired + 12) invitations with BatchWriteItem in %.0f s"
                + " into %s%n%n", invites, invites, (System.nanoTime() - started) / 1e9, endpoint);

        System.out.println("| org | page | limit | invitations on page | Query calls | items read (ScannedCount) "
                + "| capacity units | median ms | p90 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        String size = String.format(Locale.ROOT, "%,d", invites);
        for (int limit : new int[] {10, 100}) {
            Row<InvitePage> baseline = measure(SMALL_ORG, "10", "first", PageRequest.first(limit));
            Row<InvitePage> first = measure(LARGE_ORG, size, "first", PageRequest.first(limit));
            Row<InvitePage> deep = measure(LARGE_ORG, size, "50th", PageRequest.after(limit, large.get(49 * limit - 1)));
            ratios.add(String.format(Locale.ROOT, "limit %d: the %s-invitation org's first page at %.2f× "
                    + "and its 50th page at %.2f× the 10-invitation org's first page (medians)", limit, size,
                    first.median / baseline.median, deep.median / baseline.median));
            if (limit == 10) {
                String org = size + " expired + 12";
                Row<InvitePage> expiredFirst = measure(EXPIRED_ORG, org, "first", PageRequest.first(limit));
                Row<InvitePage> expiredLast = measure(EXPIRED_ORG, org, "last, by next",
                        PageRequest.after(limit, Cursor.id(expiredFirst.page.nextCursor())));
                Row<InvitePage> expiredAgain = measure(EXPIRED_ORG, org, "first, by prev",
                        PageRequest.before(limit, Cursor.id(expiredLast.page.previousCursor())));
                ratios.add(String.format(Locale.ROOT, "limit %d: the %s org's first page at %.2f×, its "
                        + "last page (by next) at %.2f× and its first page by prev at %.2f× the 10-invitation "
                        + "org's first page (medians)", limit, org, expiredFirst.median / baseline.median,
                        expiredLast.median / baseline.median, expiredAgain.median / baseline.median));
            }
        }
    }

    /**
     * Loads the two member orgs, then measures their pages: unfiltered, and filtered by user id and by email, as the
     * list's handler asks the store for them.
     */
    private void members(DynamoDbClient client, String table, int count, Instant now) {
        long started = System.nanoTime();
        loadMembers(client, table, SMALL_MEMBER_ORG, 10, now);
        List<String> users = loadMembers(client, table, LARGE_MEMBER_ORG, count, now);
        System.out.printf(Locale.ROOT, "%nLoaded 10 + %d members (each with its user record and index entry; %d of "
                + "the %d share one address) with BatchWriteItem in %.0f s%n%n", count, SHARING, count,
                (System.nanoTime() - started) / 1e9);

        System.out.println("| org | page | limit | members on page | Query calls | items read by Query (ScannedCount) "
                + "| items read by key (GetItem, BatchGetItem) | capacity units | median ms | p90 ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        String size = String.format(Locale.ROOT, "%,d", count);
        String middle = users.get(count / 2 + 1); // not one of those sharing the address
        String shared = sharedAddress(LARGE_MEMBER_ORG);
        Row<MembershipPage> baseline = measureMembers("10", "first", 10,
                () -> store.memberships().list(SMALL_MEMBER_ORG, PageRequest.first(10)));
        Row<MembershipPage> first = measureMembers(size, "first", 10,
                () -> store.memberships().list(LARGE_MEMBER_ORG, PageRequest.first(10)));
        Row<MembershipPage> byUser = measureMembers(size, "`user_id` of one member", 10,
                () -> new MembershipPage(store.memberships().ofUser(LARGE_MEMBER_ORG, middle).stream().toList(), null,
                        null));
        Row<MembershipPage> byEmail = measureMembers(size, "`email` of one member", 10,
                () -> store.memberships().listByEmail(LARGE_MEMBER_ORG, address(LARGE_MEMBER_ORG, count / 2 + 1),
                        PageRequest.first(10)));
        Row<MembershipPage> sharedFirst = measureMembers(size, "`email` of " + SHARING + ", first", 10,
                () -> store.memberships().listByEmail(LARGE_MEMBER_ORG, shared, PageRequest.first(10)));
        String next = Cursor.id(sharedFirst.page.nextCursor());
        Row<MembershipPage> sharedSecond = measureMembers(size, "`email` of " + SHARING + ", second, by `next`",
                10, () -> store.memberships().listByEmail(LARGE_MEMBER_ORG, shared, PageRequest.after(10, next)));
        Row<MembershipPage> nobody = measureMembers(size, "`email` of no member", 10,
                () -> store.memberships().listByEmail(LARGE_MEMBER_ORG, "nobody@example.com", PageRequest.first(10)));
        measureMembers(size, "first", 100, () -> store.memberships().list(LARGE_MEMBER_ORG, PageRequest.first(100)));
        measureMembers(size, "`email` of " + SHARING + ", first", 100,
                () -> store.memberships().listByEmail(LARGE_MEMBER_ORG, shared, PageRequest.first(100)));
        ratios.add(String.format(Locale.ROOT, "members, limit 10, against the 10-member org's first page (medians): "
                + "the %s-member org's first page %.2f×, by user_id %.2f×, by one member's email %.2f×, by the "
                + "shared email %.2f× (first page) and %.2f× (second), by an email no member has %.2f×", size,
                first.median / baseline.median, byUser.median / baseline.median, byEmail.median / baseline.median,
                sharedFirst.median / baseline.median, sharedSecond.median / baseline.median,
                nobody.median / baseline.median));
    }

    /** One measured read: what it returned, what it cost (counted on its first run), its latency in ms. */
    private record Row<P>(P page, int queries, int itemsRead, int keyReads, double capacity, double median,
            double p90) {
        String capacityText() {
            return Double.isNaN(capacity) ? "not reported" : String.format(Locale.ROOT, "%.1f", capacity);
        }
    }

    /** Makes one read, counting its calls, then {@code repeats} times after a warm-up, timing them. */
    private <P> Row<P> timed(Supplier<P> read) {
        calls.reset();
        P page = read.get();
        int queries = calls.queries();
        int itemsRead = calls.itemsRead();
        int keyReads = calls.keyReads();
        double capacity = calls.capacityUnits();
        for (int i = 0; i < WARM_UP; i++) { // warm the JIT, the connection and the emulator before timing
            read.get();
        }
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            read.get();
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(millis);
        return new Row<>(page, queries, itemsRead, keyReads, capacity, millis[repeats / 2],
                millis[(int) (repeats * 0.9)]);
    }

    /** Reads one page of invitations; prints a row. */
    private Row<InvitePage> measure(String org, String size, String which, PageRequest request) {
        Row<InvitePage> row = timed(() -> store.invitations().list(org, request, Instant.now()));
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %s | %.2f | %.2f |%n", size, which,
                request.limit(), row.page.invites().size(), row.queries, row.itemsRead, row.capacityText(),
                row.median, row.p90);
        return row;
    }

    /** Reads one page of members; prints a row. */
    private Row<MembershipPage> measureMembers(String size, String which, int limit, Supplier<MembershipPage> read) {
        Row<MembershipPage> row = timed(read);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %s | %.2f | %.2f |%n", size, which,
                limit, row.page.memberships().size(), row.queries, row.itemsRead, row.keyReads, row.capacityText(),
                row.median, row.p90);
        return row;
    }

    private static String sharedAddress(String org) {
        return "team@" + org + ".example.com";
    }

    /** The address of an org's i-th member: every (count / SHARING)-th shares one, the others are their own. */
    private static String address(String org, int i) {
        return "member" + i + "@" + org + ".example.com";
    }

    /**
     * Writes {@code count} memberships made over the hour before {@code now}, each with its user record and its
     * entry in the address index, as an accept writes them; every (count / SHARING)-th member's address is the
     * shared one. Returns the members' user ids in joining order.
     */
    private static List<String> loadMembers(DynamoDbClient client, String table, String org, int count,
            Instant now) {
        TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
        String pk = "ORG#" + org;
        Instant from = now.minus(Duration.ofHours(1));
        int every = Math.max(1, count / SHARING);
        List<String> users = new ArrayList<>(count);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = from.plusNanos(Duration.ofHours(1).toNanos() / count * i);
            String id = ids.construct(at.toEpochMilli()).toString();
            String user = "auth0|member-" + i;
            String email = count > SHARING && i % every == 0 && i / every < SHARING ? sharedAddress(org)
                    : address(org, i);
            users.add(user);
            Map<String, AttributeValue> membership = new LinkedHashMap<>();
            membership.put("pk", s(pk));
            membership.put("sk", s("MEMBER#" + id));
            membership.put("item_type", s("membership"));
            membership.put("membership_id", s(id));
            membership.put("user_id", s(user));
            membership.put("email", s(email));
            membership.put("role_id", s(ROLE));
            membership.put("role_name", s("Developer"));
            membership.put("joined_at", s(at.toString()));
            membership.put("invited_by", s("scale"));
            membership.put("invite_id", s(ids.construct(at.toEpochMilli()).toString()));
            batch.add(put(membership));
            batch.add(put(Map.of("pk", s(pk), "sk", s("USER#" + user), "item_type", s("member_guard"),
                    "user_id", s(user), "membership_id", s(id))));
            batch.add(put(Map.of("pk", s(pk), "sk", s("MAILBOX#" + email + "#" + id), "item_type",
                    s("mailbox_entry"), "membership_id", s(id))));
            if (batch.size() >= 24) {
                write(client, table, batch);
                batch = new ArrayList<>();
            }
        }
        write(client, table, batch);
        return users;
    }

    /**
     * Writes {@code count} invitations (each with its email guard) as the store writes them, made evenly over
     * {@code span} from {@code from}, so each id is a UUIDv7 of its creation and expires a TTL later; returns their
     * ids in creation order.
     */
    private static List<String> load(DynamoDbClient client, String table, String org, int count, Instant from,
            Duration span, Duration ttl) {
        TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
        String pk = "ORG#" + org;
        List<String> created = new ArrayList<>(count);
        List<WriteRequest> batch = new ArrayList<>();
        batch.add(put(Map.of("pk", s(pk), "sk", s("ROLE#" + ROLE), "item_type", s("role"), "role_id", s(ROLE),
                "name", s("Developer"))));
        for (int i = 0; i < count; i++) {
            Instant at = from.plusNanos(span.toNanos() / count * i);
            String id = ids.construct(at.toEpochMilli()).toString();
            String expires = Long.toString(at.plus(ttl).getEpochSecond());
            String email = "person" + i + "@" + org + ".example.com";
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
            invite.put("created_at", s(at.toString()));
            invite.put("expires_at", AttributeValue.fromN(expires));
            batch.add(put(invite));
            batch.add(put(Map.of("pk", s(pk), "sk", s("EMAIL#" + email), "item_type", s("email_guard"),
                    "invite_id", s(id), "expires_at", AttributeValue.fromN(expires))));
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

    /** {@code --name value} pairs, by name (the benchmarks that take only such options read them with this). */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
