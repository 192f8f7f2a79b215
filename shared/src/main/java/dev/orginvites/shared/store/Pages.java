package dev.orginvites.shared.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a page is, for every store and every kind of item paged (invites, memberships): each store reads through its
 * {@link OrderedItems} and none decides paging itself.
 *
 * <p>A page reads {@code limit + 1} items in its direction (the extra one says whether more follow) and, when it was
 * asked for from an id, at most one item on that id's other side, the id's own item included (whether any lie that
 * way), in a second read made at the same time: whatever the org holds, two reads and {@code limit + 2} items. Both
 * links are measured, so neither leads to an empty page. An empty page links to the far end in the other direction,
 * where what remains is.
 */
public final class Pages {

    private Pages() {
    }

    /**
     * One page of items in ascending id order, and the cursors of the pages around it.
     *
     * @param previousCursor the cursor for {@code ending_before} that reads the items before this page; null when
     *     none precede it
     * @param nextCursor the cursor for {@code starting_after} that reads the items after this page; null when none
     *     follow it
     */
    public record Page<T>(List<T> items, String previousCursor, String nextCursor) {
    }

    /** @param now the instant items must be pending at, for a kind that expires */
    public static <T extends Identified> Page<T> read(OrderedItems<T> store, String orgId, PageRequest page,
            Instant now) {
        boolean backward = page.backward();
        String boundary = backward ? page.endsBeforeId() : page.startsAfterId();
        // Whether anything lies beyond the boundary does not depend on the page, so it is read beside it. A first
        // page starts at the first item, before which nothing is.
        Future<Boolean> beyondBoundary = boundary == null ? null
                : Probes.submit(() -> !store.read(orgId, boundary, true, backward, 1, now).isEmpty());

        int limit = page.limit();
        List<T> found = store.read(orgId, boundary, false, !backward, limit + 1, now);
        boolean more = found.size() > limit;
        List<T> items = new ArrayList<>(more ? found.subList(0, limit) : found);
        if (backward) {
            Collections.reverse(items);
        }
        boolean beyond = beyondBoundary != null && Probes.await(beyondBoundary);

        String previous;
        String next;
        if (backward) {
            previous = more ? Cursor.of(items.get(0).id()) : null;
            next = !beyond ? null
                    : Cursor.of(items.isEmpty() ? TimeOrderedIds.FIRST : items.get(items.size() - 1).id());
        } else {
            next = more ? Cursor.of(items.get(items.size() - 1).id()) : null;
            previous = !beyond ? null : Cursor.of(items.isEmpty() ? TimeOrderedIds.LAST : items.get(0).id());
        }
        return new Page<>(items, previous, next);
    }

    /**
     * Runs a page's second read beside its first. Threads are made on demand (after a SnapStart restore, since a
     * first page has no cursor) and kept while in use; they are daemons, so they never hold the JVM open.
     */
    private static final class Probes {
        private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "page-probe");
            thread.setDaemon(true);
            return thread;
        });

        static Future<Boolean> submit(Callable<Boolean> probe) {
            return THREADS.submit(probe);
        }

        /** The probe's answer, or what it threw, as the caller's own thread would have thrown it. */
        static boolean await(Future<Boolean> probe) {
            try {
                return probe.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading a page", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
