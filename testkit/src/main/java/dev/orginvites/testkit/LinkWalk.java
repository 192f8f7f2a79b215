package dev.orginvites.testkit;

import static dev.orginvites.testkit.Bodies.ids;
import static dev.orginvites.testkit.Bodies.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/**
 * A list walked as a client walks it: from its first page to its last by the {@code next} links, then back to the
 * first by the {@code prev} links, each page held to what its links and items must be. Both lists (invitations and
 * memberships) page alike, so both are walked with this, on either store.
 */
public final class LinkWalk {
    private LinkWalk() {
    }

    /**
     * Walks the list whose first page is {@code first}, following each link with {@code follow} (which asserts the
     * link's path and a 200), and asserts it shows {@code expected}, no more, in order, once each way.
     */
    public static void bothWays(Function<String, APIGatewayV2HTTPResponse> follow, String first, List<String> expected,
            int limit) {
        assertEquals(expected.size(), new HashSet<>(expected).size(), "the walk expects distinct ids");
        APIGatewayV2HTTPResponse page = follow.apply(first);
        assertEquals(first, link(page, "first"));
        assertEquals(first, link(page, "self"));
        assertNull(link(page, "prev"), "the first page has nothing before it");

        List<String> forward = new ArrayList<>();
        int pages = 0;
        while (true) {
            List<String> ids = ids(page);
            pages++;
            assertTrue(ids.size() <= limit, ids.size() + " items on a page of " + limit);
            assertTrue(expected.isEmpty() || !ids.isEmpty(), "no empty page while items remain");
            forward.addAll(ids);
            String next = link(page, "next");
            if (next == null) {
                break;
            }
            page = follow.apply(next);
            assertNotNull(link(page, "prev"), "a page after the first has a prev link");
            assertEquals(first, link(page, "first"));
        }
        assertEquals(expected, forward, "forward: every item once, in order");
        assertEquals(Math.max(1, (expected.size() + limit - 1) / limit), pages, "pages forward");

        List<String> backward = new ArrayList<>();
        while (true) {
            List<String> ids = ids(page);
            List<String> sorted = new ArrayList<>(ids);
            sorted.sort(null);
            assertEquals(sorted, ids, "each page is in ascending id order");
            backward.addAll(0, ids);
            String prev = link(page, "prev");
            if (prev == null) {
                break;
            }
            page = follow.apply(prev);
            assertNotNull(link(page, "next"), "a page reached backwards has a next link");
        }
        assertEquals(expected, backward, "backward: every item once, in order");
    }
}
