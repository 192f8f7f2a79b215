package dev.orginvites.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What the local gateway routes on with and without a base path, as API Gateway routes a stage's paths. */
class GatewayTest {

    @Test
    void withoutABasePathEveryPathIsRoutedAsItIs() {
        assertEquals("/orgs/o/invites", Gateway.routed("", "/orgs/o/invites"));
        assertEquals("/rest/orgs/o/invites", Gateway.routed("", "/rest/orgs/o/invites"));
        assertEquals("$default", Gateway.stage(""));
    }

    @Test
    void withABasePathOnlyPathsUnderItAreRoutedOnWhatFollowsIt() {
        assertEquals("/orgs/o/invites", Gateway.routed("/rest", "/rest/orgs/o/invites"));
        assertEquals("/_local/outbox", Gateway.routed("/rest", "/rest/_local/outbox"));
        assertEquals("/", Gateway.routed("/rest", "/rest/"));
        assertNull(Gateway.routed("/rest", "/orgs/o/invites"));
        assertNull(Gateway.routed("/rest", "/rest"));
        assertNull(Gateway.routed("/rest", "/restful/orgs/o/invites"));
        assertEquals("rest", Gateway.stage("/rest"));
    }

    @Test
    void aBasePathIsEmptyOrASlashAndAStageName() {
        for (String good : new String[] {"", "/rest", "/v1_api-2"}) {
            assertEquals(true, LocalApi.BASE_PATH.matcher(good).matches(), good);
        }
        for (String bad : new String[] {"rest", "/rest/", "/a/b", "/", "/$default", "/rést"}) {
            assertEquals(false, LocalApi.BASE_PATH.matcher(bad).matches(), bad);
        }
    }
}
