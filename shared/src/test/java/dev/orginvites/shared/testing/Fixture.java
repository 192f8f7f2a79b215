package dev.orginvites.shared.testing;

import dev.orginvites.shared.store.DynamoInviteStore;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A fresh table on the emulator with two orgs and their roles, a store on it, and a clock the test controls: what
 * each handler test starts from.
 */
public final class Fixture {
    public static final Duration TTL = Duration.ofDays(7);
    public static final String ALL = "all";

    public final String table = DynamoEmulator.createTable();
    public final DynamoInviteStore store =
            new DynamoInviteStore(DynamoEmulator.client(), table, TTL);
    public final MutableClock clock = new MutableClock(Instant.now());
    public final String org = UUID.randomUUID().toString();
    public final String otherOrg = UUID.randomUUID().toString();
    public final String developer = UUID.randomUUID().toString();
    public final String admin = UUID.randomUUID().toString();
    public final String otherOrgsRole = UUID.randomUUID().toString();

    public Fixture() {
        store.putRole(org, developer, "Developer");
        store.putRole(org, admin, "Org Admin");
        store.putRole(otherOrg, otherOrgsRole, "Collaborator");
    }

    /** A create request document. */
    public static String invitation(String email, String role) {
        return "{\"data\":{\"type\":\"org_invitation\",\"attributes\":{\"email\":\"" + email + "\",\"role\":\"" + role
                + "\"}}}";
    }
}
