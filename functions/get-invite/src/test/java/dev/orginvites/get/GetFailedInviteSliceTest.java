package dev.orginvites.get;

import static dev.orginvites.testkit.Bodies.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orginvites.devkit.HttpApiEvents;
import dev.orginvites.shared.http.RequestLog;
import dev.orginvites.shared.store.DeliveryProblem;
import dev.orginvites.shared.version.Version;
import dev.orginvites.testkit.Contract;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.InMemoryStore;
import dev.orginvites.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A failed invitation read in each release, through {@code handleRequest} on the in-memory store, every answer held
 * to the contract: Snyk's shape (2024-10-15) shows no failure, for a failed invitation too, and this API's own
 * release 2026-12-04 shows {@code failed_at} and {@code failed_reason}, only for a failed one. The clock is fixed
 * after both releases, so which release serves a date, and its lifecycle, do not move with the day the tests run.
 */
class GetFailedInviteSliceTest {
    /** After 2026-12-04, so a version dated after it is not in the future. */
    private static final Instant NOW = Instant.parse("2027-02-01T12:00:00Z");
    /** A failure time with no fraction, which {@code failed_at} still shows to the millisecond. */
    private static final Instant BOUNCED_AT = Instant.parse("2027-02-01T11:58:30Z");
    private static final List<String> SNYK_ATTRIBUTES = List.of("email", "is_active", "role");

    private final String org = UUID.randomUUID().toString();
    private final String role = UUID.randomUUID().toString();
    private final InMemoryStore store = new InMemoryStore(Fixture.TTL);
    private final MutableClock clock = new MutableClock(NOW);
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
            Contract.checked(new GetInviteHandler(store.invitations(), clock, RequestLog.discard()));
    private final String inviteId;

    GetFailedInviteSliceTest() {
        store.directory().putRole(org, role, "Developer");
        inviteId = store.invitations().create(org, "ada@example.com", role, "inviter", NOW.minusSeconds(600)).id();
    }

    private APIGatewayV2HTTPResponse get(String version) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("GET",
                "/orgs/{org_id}/invites/{invite_id}").typicalHeaders().path("org_id", org).path("invite_id", inviteId)
                .query("version", version).jwt("viewer", org, "org.read", "org.user.read").build(), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return response;
    }

    private void fail(String reason, Instant at) {
        assertEquals(DeliveryProblem.Recorded.RECORDED, store.invitations().recordFailure(org, inviteId,
                new DeliveryProblem(reason, at), clock.instant()));
    }

    private static List<String> attributeNames(APIGatewayV2HTTPResponse response) {
        List<String> names = new ArrayList<>();
        body(response).at("/data/attributes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theReleasesAreTheOnesTheContractLists() {
        assertEquals(Contract.releases("getOrgInvitation"), GetInviteHandler.RELEASES.releases().stream()
                .map(Version::toString).collect(Collectors.toList()));
    }

    /**
     * Each requested date, the release that serves it, and whether it shows the failure. The releases before
     * 2026-12-04 answer a failed invitation byte for byte as they answered it before it failed.
     */
    @ParameterizedTest
    @CsvSource({
            "2024-10-15, 2024-10-15, false",
            "2026-12-03, 2024-10-15, false",
            "2026-12-04, 2026-12-04, true",
            "2027-01-31, 2026-12-04, true"})
    void aFailedInvitationShowsItsFailureFromRelease20261204On(String requested, String served, boolean shown) {
        String before = get(requested).getBody();
        fail(DeliveryProblem.BOUNCED, BOUNCED_AT);

        APIGatewayV2HTTPResponse response = get(requested);

        assertEquals(served, response.getHeaders().get("snyk-version-served"));
        JsonNode attributes = body(response).at("/data/attributes");
        if (shown) {
            assertEquals(List.of("email", "is_active", "role", "failed_at", "failed_reason"), attributeNames(response));
            assertEquals("2027-02-01T11:58:30.000Z", attributes.path("failed_at").asText());
            assertEquals("bounced", attributes.path("failed_reason").asText());
            assertEquals(true, attributes.path("is_active").asBoolean(), "a failed invitation is still pending");
        } else {
            assertEquals(SNYK_ATTRIBUTES, attributeNames(response));
            assertEquals(before, response.getBody(), "Snyk's shape: the read is what it was before the failure");
        }
    }

    /** Every reason a failure can have is one the contract's enum lists (the check fails on any other). */
    @ParameterizedTest
    @ValueSource(strings = {DeliveryProblem.BOUNCED, DeliveryProblem.SUPPRESSED, DeliveryProblem.COMPLAINED,
            DeliveryProblem.REJECTED})
    void everyFailureReasonIsShownAsTheContractDescribesIt(String reason) {
        Instant at = Instant.parse("2027-02-01T11:59:59.123456Z");
        fail(reason, at);

        JsonNode attributes = body(get("2026-12-04")).at("/data/attributes");

        assertEquals(reason, attributes.path("failed_reason").asText());
        assertEquals("2027-02-01T11:59:59.123Z", attributes.path("failed_at").asText(), "to the millisecond");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-10-15", "2026-12-04", "2027-01-31"})
    void anInvitationThatHasNotFailedShowsNoFailureInAnyRelease(String version) {
        assertEquals(SNYK_ATTRIBUTES, attributeNames(get(version)));
    }

    /** Of several failures reported, the read shows the one the store keeps: the earliest. */
    @Test
    void theFailureShownIsTheOneTheStoreKeeps() {
        fail(DeliveryProblem.COMPLAINED, BOUNCED_AT.plusSeconds(5));
        fail(DeliveryProblem.BOUNCED, BOUNCED_AT);

        JsonNode attributes = body(get("2026-12-04")).at("/data/attributes");

        assertEquals("bounced", attributes.path("failed_reason").asText());
        assertEquals("2027-02-01T11:58:30.000Z", attributes.path("failed_at").asText());
    }

    /**
     * A release deprecates the ones before it, as Snyk's do: 2024-10-15 is deprecated from 2026-12-04, sunset 181
     * days later, and still served.
     */
    @ParameterizedTest
    @CsvSource({
            "2024-10-15, deprecated, 2026-12-04T00:00:00Z, 2027-06-03",
            "2026-12-04, ga, , "})
    void theNewReleaseDeprecatesTheOldOne(String version, String stage, String deprecation, String sunset) {
        APIGatewayV2HTTPResponse response = get(version);

        assertEquals(stage, response.getHeaders().get("snyk-version-lifecycle-stage"));
        assertEquals(deprecation, response.getHeaders().get("deprecation"));
        assertEquals(sunset, response.getHeaders().get("sunset"));
    }

    @Test
    void afterItsSunset20241015IsStillServedAndStillShowsNoFailure() {
        clock.advance(Duration.ofDays(130)); // 2027-06-11: the invitation must be pending then, so make a new one
        String later = store.invitations().create(org, "bob@example.com", role, "inviter", clock.instant()).id();
        assertEquals(DeliveryProblem.Recorded.RECORDED, store.invitations().recordFailure(org, later,
                new DeliveryProblem(DeliveryProblem.SUPPRESSED, clock.instant()), clock.instant()));

        APIGatewayV2HTTPResponse response = handler.handleRequest(HttpApiEvents.request("GET",
                "/orgs/{org_id}/invites/{invite_id}").typicalHeaders().path("org_id", org).path("invite_id", later)
                .query("version", "2024-10-15").jwt("viewer", org, "org.read", "org.user.read").build(), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("sunset", response.getHeaders().get("snyk-version-lifecycle-stage"));
        assertEquals(SNYK_ATTRIBUTES, attributeNames(response));
        assertNull(body(response).at("/data/attributes").get("failed_at"));
    }
}
