package dev.orginvites.shared.jsonapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orginvites.shared.store.Membership;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MembershipDocumentsTest {
    private static final String ORG = "4a72d1db-b465-4764-99e1-ecedad03b06a";
    private static final String ROLE = "f1968726-1dca-42d4-a4dc-80cab99e2b6c";
    private static final String ID = "0192f0c4-5b7e-7a3c-8d2e-1f4a5b6c7d8e";
    private static final Instant JOINED = Instant.parse("2026-12-04T04:30:00Z");

    @Test
    void rendersAnAcceptedMembershipWithTheAddressItWasMadeFor() {
        Membership accepted = new Membership(ID, ORG, "auth0|ada", "ada@example.com", ROLE, "Developer", JOINED,
                "inviter", "0192f0c4-0000-7000-8000-000000000000");
        assertEquals(document("{\"id\":\"auth0|ada\",\"type\":\"user\",\"attributes\":{\"email\":\"ada@example.com\"}}"),
                MembershipDocuments.membership(accepted));
    }

    @Test
    void leavesTheAddressOutOfAMembershipAddedWithoutOne() {
        Membership added = new Membership(ID, ORG, "auth0|grace", null, ROLE, "Developer", JOINED, "admin", null);
        assertEquals(document("{\"id\":\"auth0|grace\",\"type\":\"user\",\"attributes\":{}}"), MembershipDocuments.membership(added));
    }

    private static String document(String user) {
        return "{\"jsonapi\":{\"version\":\"1.0\"},\"data\":{\"id\":\"" + ID + "\",\"type\":\"org_membership\","
                + "\"attributes\":{\"created_at\":\"2026-12-04T04:30:00Z\"},\"relationships\":{"
                + "\"org\":{\"data\":{\"id\":\"" + ORG + "\",\"type\":\"org\",\"attributes\":{}}},"
                + "\"role\":{\"data\":{\"id\":\"" + ROLE + "\",\"type\":\"org_role\",\"attributes\":{\"name\":\"Developer\"}}},"
                + "\"user\":{\"data\":" + user + "}}}}";
    }
}
