package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.shared.store.EmailAddresses;
import dev.orginvites.shared.store.Expiry;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.testkit.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What must hold of the table whatever happened to it: every pending invitation has its email guard, pointing back
 * at it, and every live guard has its invitation; every membership has its user's uniqueness record, pointing back
 * at it, and every such record has its membership; every membership with an address has its address index entry,
 * and every entry its membership (no orphan). A half-written transaction would break one of these. Pending
 * and live are the store's definition: {@code expires_at} after now and the invitation's id at or above the floor of
 * the TTL in force.
 */
final class Invariants {
    private Invariants() {
    }

    /** The sort key of a membership's entry in the address index. */
    private static String mailboxEntry(Map<String, AttributeValue> membership) {
        return "MAILBOX#" + EmailAddresses.mailbox(membership.get("email").s()) + "#"
                + membership.get("membership_id").s();
    }

    static void check(List<Map<String, AttributeValue>> items, Instant now) {
        check(items, now, Fixture.TTL);
    }

    static void check(List<Map<String, AttributeValue>> items, Instant now, Duration inviteTtl) {
        Map<String, Map<String, AttributeValue>> byKey = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            byKey.put(item.get("pk").s() + "|" + item.get("sk").s(), item);
        }
        Expiry expiry = new Expiry(inviteTtl);
        for (Map<String, AttributeValue> item : items) {
            String pk = item.get("pk").s();
            String sk = item.get("sk").s();
            boolean live = item.containsKey("expires_at") && item.containsKey("invite_id")
                    && expiry.isPending(item.get("invite_id").s(), Long.parseLong(item.get("expires_at").n()), now);
            if (sk.startsWith("INVITE#") && live) {
                Map<String, AttributeValue> guard = byKey.get(pk + "|EMAIL#" + item.get("email_normalized").s());
                assertNotNull(guard, "pending invite " + sk + " has no email guard");
                assertEquals(item.get("invite_id").s(), guard.get("invite_id").s(), "the guard of " + sk
                        + " points at another invite");
            }
            if (sk.startsWith("EMAIL#") && live) {
                Map<String, AttributeValue> invite = byKey.get(pk + "|INVITE#" + item.get("invite_id").s());
                assertNotNull(invite, "guard " + sk + " has no pending invite");
                assertEquals(sk, "EMAIL#" + invite.get("email_normalized").s(), "guard and invite disagree on the address");
            }
            if (sk.startsWith("MEMBER#")) {
                Map<String, AttributeValue> user = byKey.get(pk + "|USER#" + item.get("user_id").s());
                assertNotNull(user, "membership " + sk + " has no user record");
                assertEquals(item.get("membership_id").s(), user.get("membership_id").s(),
                        "the user record of " + sk + " points at another membership");
                if (item.containsKey("email")) {
                    assertNotNull(byKey.get(pk + "|" + mailboxEntry(item)), "membership " + sk + " has no index entry");
                }
            }
            if (sk.startsWith("MAILBOX#")) {
                Map<String, AttributeValue> membership = byKey.get(pk + "|MEMBER#" + item.get("membership_id").s());
                assertNotNull(membership, "index entry " + sk + " has no membership");
                assertEquals(mailboxEntry(membership), sk, "index entry and membership disagree on the address");
            }
            if (sk.startsWith("USER#")) {
                Map<String, AttributeValue> membership = byKey.get(pk + "|MEMBER#" + item.get("membership_id").s());
                assertNotNull(membership, "user record " + sk + " has no membership");
                assertEquals(sk, "USER#" + membership.get("user_id").s(), "user record and membership disagree");
            }
            if (sk.startsWith("IDEMPOTENCY#")) {
                // Keyed by a digest of caller and key; no address outside the answer it replays.
                assertTrue(sk.matches("IDEMPOTENCY#[0-9a-f]{64}"), sk);
                item.forEach((name, value) -> assertTrue(name.equals("body") || value.s() == null
                        || !value.s().contains("@"), "an idempotency record holds an address in " + name));
                assertTrue(item.containsKey("expires_at"), "an idempotency record expires");
            }
            if (sk.equals("QUOTA") && item.containsKey("sent_at")) {
                // The org's sends still counted: oldest first, and never more than a quota can be.
                List<Long> sent = item.get("sent_at").l().stream().map(at -> Long.parseLong(at.n())).toList();
                assertEquals(sent.stream().sorted().toList(), sent, "the sends of " + pk + " are oldest first");
                assertTrue(sent.size() <= InviteQuota.MAX, "the sends of " + pk + " outgrow any quota");
                assertNotNull(item.get("version"), "the count of " + pk + " has a version");
            }
        }
    }
}
