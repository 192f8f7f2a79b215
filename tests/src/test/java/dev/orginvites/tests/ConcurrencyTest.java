package dev.orginvites.tests;

import static dev.orginvites.testkit.Bodies.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.store.InviteQuota;
import dev.orginvites.shared.store.PageRequest;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Race;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Requests racing each other through the handlers: the table's conditions decide, and nothing is lost or doubled.
 *
 * <p>What this proves depends on the emulator behaving as DynamoDB does with concurrent transactions: the devkit's
 * emulator serializes them (see {@code SerializingProxy}), as DynamoDB's serializable isolation does, so the
 * outcome is the store's conditions at work and not the emulator's luck, on an idle machine or a busy one. Each race
 * checks that its requests did overlap in the handlers.
 */
@EmulatorTest
class ConcurrencyTest {
    private final Api api = new Api();

    @Test
    void thirtyTwoCreatesOfOneAddressMakeExactlyOneInvitation() throws Exception {
        List<Callable<Integer>> creates = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String spelling = (i % 2 == 0 ? " " : "") + (i % 3 == 0 ? "Same.Person@Example.COM" : "same.person@example.com")
                    + (i % 4 == 0 ? "  " : "");
            HttpApiEvents request = api.create(spelling, i % 2 == 0 ? api.fixture.developer : api.fixture.admin);
            creates.add(() -> api.send(request).getStatusCode());
        }

        List<Integer> statuses = Race.runOverlapping(creates);

        assertEquals(1, Collections.frequency(statuses, 201), statuses.toString());
        assertEquals(31, Collections.frequency(statuses, 409), statuses.toString());
        assertEquals(1, api.fixture.invitations.list(api.fixture.org, PageRequest.first(100), api.fixture.clock.instant())
                .invites().size());
        Invariants.check(api.items(), api.fixture.clock.instant());
    }

    /**
     * One accept token presented 16 times at once, by the invitee and by others who hold the invitation's address
     * (two accounts at one provider, say), while an admin cancels the invitation: exactly one request wins (a 201 or
     * the 204), every other request finds nothing pending (404), and the table holds one membership or none.
     */
    @Test
    void acceptsOfOneTokenAndACancelRacingMakeOneOutcome() throws Exception {
        String invite = api.fixture.invitations.create(api.fixture.org, "raced@example.com", api.fixture.developer, "admin",
                api.fixture.clock.instant()).id();
        HttpApiEvents acceptance = api.accept(invite);
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            HttpApiEvents request = api.accept(invite).jwt(java.util.Map.of("sub", "account-" + (i % 4), "email",
                    "raced@example.com", "email_verified", "true")).json(acceptance.build().getBody());
            racers.add(() -> api.send(request).getStatusCode());
        }
        HttpApiEvents cancel = api.cancel(invite);
        racers.add(() -> api.send(cancel).getStatusCode());

        List<Integer> statuses = Race.runOverlapping(racers);

        int accepted = Collections.frequency(statuses, 201);
        int cancelled = Collections.frequency(statuses, 204);
        assertEquals(1, accepted + cancelled, statuses.toString());
        assertEquals(16, Collections.frequency(statuses, 404), "every other request found nothing: " + statuses);
        assertEquals(accepted, api.fixture.memberships.list(api.fixture.org, PageRequest.first(100)).memberships()
                .size());
        assertTrue(api.fixture.invitations.find(api.fixture.org, invite, api.fixture.clock.instant()).isEmpty());
        Invariants.check(api.items(), api.fixture.clock.instant());
    }

    /**
     * One client retrying hard with one key: exactly one invitation; each answer is that invitation's 201 (first or
     * replayed, the same bytes) or a 409 saying the first request is still in flight.
     */
    @Test
    void thirtyTwoCreatesWithOneIdempotencyKeyMakeExactlyOneInvitation() throws Exception {
        List<Callable<APIGatewayV2HTTPResponse>> creates = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            HttpApiEvents request = api.create("keyed@example.com", api.fixture.developer)
                    .header("Idempotency-Key", "one-key");
            creates.add(() -> api.send(request));
        }

        List<APIGatewayV2HTTPResponse> answers = Race.runOverlapping(creates);

        Set<String> created = new HashSet<>();
        for (APIGatewayV2HTTPResponse answer : answers) {
            if (answer.getStatusCode() == 201) {
                created.add(answer.getBody());
            } else {
                assertEquals(409, answer.getStatusCode(), answer.getBody());
                assertEquals("idempotency-key-in-flight", body(answer).at("/errors/0/code").asText());
            }
        }
        assertEquals(1, created.size(), "one invitation, answered alike");
        assertEquals(1, api.fixture.invitations.list(api.fixture.org, PageRequest.first(100), api.fixture.clock.instant())
                .invites().size());
        Invariants.check(api.items(), api.fixture.clock.instant());
    }

    /**
     * 24 creates and 8 resends at once in an org with 10 sends left of its quota: exactly 10 are sent, every other
     * request is a 429 {@code invite-quota-exceeded}, and the org's count holds exactly those 10.
     */
    @Test
    void sendsRacingAtTheQuotaSendExactlyTheQuota() throws Exception {
        Api capped = new Api(api.fixture, api.fixture.withInviteQuota(new InviteQuota(10)));
        List<String> resent = new ArrayList<>();
        for (int i = 0; i < 8; i++) { // made without counting, so the quota is whole
            resent.add(api.fixture.invitations.create(api.fixture.org, "resent" + i + "@example.com",
                    api.fixture.developer, "x", api.fixture.clock.instant()).id());
        }
        api.fixture.clock.advance(Api.RESEND_INTERVAL);
        List<Callable<APIGatewayV2HTTPResponse>> sends = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            HttpApiEvents request = capped.create("racer" + i + "@example.com", api.fixture.developer);
            sends.add(() -> capped.send(request));
        }
        for (String id : resent) {
            HttpApiEvents request = capped.resend(id);
            sends.add(() -> capped.send(request));
        }

        List<APIGatewayV2HTTPResponse> answers = Race.runOverlapping(sends);

        List<Integer> statuses = answers.stream().map(APIGatewayV2HTTPResponse::getStatusCode).toList();
        assertEquals(10, Collections.frequency(statuses, 201), statuses.toString());
        assertEquals(22, Collections.frequency(statuses, 429), statuses.toString());
        for (APIGatewayV2HTTPResponse answer : answers) {
            if (answer.getStatusCode() == 429) {
                assertEquals("invite-quota-exceeded", body(answer).at("/errors/0/code").asText());
                assertEquals("86400", answer.getHeaders().get("retry-after"));
            }
        }
        Map<String, AttributeValue> quota = api.items().stream()
                .filter(item -> item.get("sk").s().equals("QUOTA")).findFirst().orElseThrow();
        assertEquals(10, quota.get("sent_at").l().size(), "the count holds the sends made, and only those");
        Invariants.check(api.items(), api.fixture.clock.instant());
    }

    @Test
    void concurrentCancelsOfOneInvitationCancelItOnce() throws Exception {
        String id = api.fixture.invitations.create(api.fixture.org, "once@example.com", api.fixture.developer, "x",
                api.fixture.clock.instant()).id();
        List<Callable<Integer>> cancels = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            cancels.add(() -> api.send(api.cancel(id)).getStatusCode());
        }

        List<Integer> statuses = Race.runOverlapping(cancels);

        assertEquals(1, Collections.frequency(statuses, 204), statuses.toString());
        assertEquals(15, Collections.frequency(statuses, 404), statuses.toString());
        long audits = api.items().stream().filter(item -> item.get("sk").s().equals("CANCELLED#" + id)).count();
        assertEquals(1, audits);
        Invariants.check(api.items(), api.fixture.clock.instant());
    }

    @Test
    void pagesStayWholeAndOrderedWhileOthersCreateAndCancel() throws Exception {
        Set<String> stable = new HashSet<>();
        List<String> churn = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 60; i++) {
            stable.add(api.fixture.invitations.create(api.fixture.org, "stable" + i + "@example.com", api.fixture.developer,
                    "x", api.fixture.clock.instant()).id());
            churn.add(api.fixture.invitations.create(api.fixture.org, "churn" + i + "@example.com", api.fixture.developer,
                    "x", api.fixture.clock.instant()).id());
        }
        AtomicBoolean walking = new AtomicBoolean(true);
        ExecutorService others = Executors.newFixedThreadPool(2);
        Future<Integer> creator = others.submit(() -> {
            int n = 0;
            while (walking.get()) {
                assertEquals(201, api.send(api.create("new" + n++ + "@example.com", api.fixture.developer))
                        .getStatusCode());
            }
            return n;
        });
        Future<Integer> canceller = others.submit(() -> {
            int n = 0;
            while (walking.get() && n < churn.size()) {
                assertEquals(204, api.send(api.cancel(churn.get(n++))).getStatusCode());
            }
            return n;
        });

        try {
            for (int walk = 0; walk < 3; walk++) {
                List<String> forward = walk("next", "/orgs/" + api.fixture.org + "/invites?version=" + Api.VERSION
                        + "&limit=10");
                assertEquals(new HashSet<>(forward).size(), forward.size(), "an invite appeared twice: " + forward);
                assertTrue(forward.containsAll(stable), "an invite present for the whole walk was missed");
                List<String> sorted = new ArrayList<>(forward);
                Collections.sort(sorted);
                assertEquals(sorted, forward, "pages out of order");
            }
        } finally {
            walking.set(false);
            others.shutdown();
        }
        assertTrue(creator.get(60, TimeUnit.SECONDS) > 0, "the creator ran during the walks");
        assertTrue(canceller.get(60, TimeUnit.SECONDS) > 0, "the canceller ran during the walks");
        Invariants.check(api.items(), api.fixture.clock.instant());
    }

    /** Follows one kind of link from the first page to the end, collecting ids. */
    private List<String> walk(String direction, String first) {
        List<String> ids = new ArrayList<>();
        String link = first;
        while (link != null) {
            APIGatewayV2HTTPResponse response = api.send(api.follow(link));
            assertEquals(200, response.getStatusCode(), response.getBody());
            JsonNode page = body(response);
            page.path("data").forEach(invite -> ids.add(invite.path("id").asText()));
            link = page.at("/links/" + direction).isMissingNode() ? null : page.at("/links/" + direction).asText();
        }
        return ids;
    }
}
