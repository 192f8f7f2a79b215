package dev.orginvites.testkit;

import dev.orginvites.devkit.DynamoEmulator;
import dev.orginvites.devkit.EmulatorClients;
import dev.orginvites.devkit.SamTemplate;
import dev.orginvites.shared.store.Directory;
import dev.orginvites.shared.store.IdempotencyKeys;
import dev.orginvites.shared.store.Invitations;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.Memberships;
import dev.orginvites.shared.store.Store;
import dev.orginvites.shared.store.dynamodb.DynamoTable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What each handler test starts from: a fresh table on the emulator, created as template.yaml defines it (the stream
 * only {@link #withStream}), with two orgs and their roles; a store on it built as the functions build theirs, on the
 * tests' one client (with timeouts for an emulator, see {@link EmulatorClients}); and a clock the test controls.
 * {@link #inMemory} gives the same on the in-memory twin.
 */
public final class Fixture {
    public static final Duration TTL = Duration.ofDays(7);
    /** System property the build sets to choose the emulator: moto (default) or localstack. */
    static final String EMULATOR = "orginvites.emulator";
    private static DynamoDbClient client;

    static {
        // The emulator takes any credentials; real ones must never be needed (or used) by the tests.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    /** The fixture's table, or null {@link #inMemory}. */
    public final String table;
    public final Store store;
    /** The store's ports, as the handlers take them. */
    public final Invitations invitations;
    public final Memberships memberships;
    public final IdempotencyKeys idempotencyKeys;
    public final Directory directory;
    public final MutableClock clock = new MutableClock(Instant.now());
    /** The keys the functions derive and check accept tokens with. */
    public final TestTokenKeys tokenKeys = new TestTokenKeys();
    public final String org = UUID.randomUUID().toString();
    public final String otherOrg = UUID.randomUUID().toString();
    public final String developer = UUID.randomUUID().toString();
    public final String admin = UUID.randomUUID().toString();
    public final String otherOrgsRole = UUID.randomUUID().toString();

    /** A fresh table with the template's TTL setting and no stream. */
    public Fixture() {
        this(EmulatorTables.create(EnumSet.of(SamTemplate.TableFeature.TTL)));
    }

    private Fixture(String table) {
        this(table, new DynamoTable(client(), table, TTL));
    }

    private Fixture(String table, Store store) {
        this.table = table;
        this.store = store;
        this.invitations = store.invitations();
        this.memberships = store.memberships();
        this.idempotencyKeys = store.idempotencyKeys();
        this.directory = store.directory();
        store.directory().putRole(org, developer, "Developer");
        store.directory().putRole(org, admin, "Org Admin");
        store.directory().putRole(otherOrg, otherOrgsRole, "Collaborator");
    }

    /** A fresh table with the template's stream too, for the tests that read the stream. */
    public static Fixture withStream() {
        return new Fixture(EmulatorTables.create(EnumSet.allOf(SamTemplate.TableFeature.class)));
    }

    /**
     * Fresh orgs on the in-memory twin, in no table: the same cases as on the emulator, for the quick tier (the twin
     * keeps the DynamoDB store's rules: both pass the port conformance suites, {@link StoreConformance}).
     */
    public static Fixture inMemory() {
        return new Fixture(null, new InMemoryStore(TTL));
    }

    /**
     * The fixture's data with creates and resends counted against {@code quota}, as the functions' store counts them
     * (the fixture's own store counts nothing, so a test may fill an org).
     */
    public Store withInviteQuota(InviteQuota quota) {
        return table == null ? ((InMemoryStore) store).withInviteQuota(quota)
                : new DynamoTable(client(), table, TTL, quota);
    }

    /** LocalStack under {@code -Plocalstack}; else {@code DYNAMODB_ENDPOINT} or a moto_server of this JVM's own. */
    public static URI endpoint() {
        return "localstack".equals(System.getProperty(EMULATOR)) ? LocalStack.endpoint()
                : DynamoEmulator.shared().endpoint();
    }

    /** The tests' client for the emulator: the functions' retries, an emulator's timeouts. */
    public static synchronized DynamoDbClient client() {
        EmulatorTables.requireEmulatorTest();
        if (client == null) {
            client = EmulatorClients.create(endpoint());
        }
        return client;
    }

    /** A create request document. */
    public static String invitation(String email, String role) {
        return "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"" + email + "\",\"role\":\"" + role
                + "\"}}}";
    }
}
