package dev.orginvites.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Tasks run at once, to prove what concurrent calls leave behind. */
public final class Race {
    private Race() {
    }

    /** Runs the tasks at once (released together) and returns their results in order. */
    public static <T> List<T> run(List<Callable<T>> tasks) throws Exception {
        return run(tasks, false);
    }

    /**
     * As {@link #run}, and asserts that at least two tasks were running at one time: for tasks slow enough (a
     * request through a handler to the emulator) that anything else means nothing raced.
     */
    public static <T> List<T> runOverlapping(List<Callable<T>> tasks) throws Exception {
        return run(tasks, true);
    }

    private static <T> List<T> run(List<Callable<T>> tasks, boolean mustOverlap) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    overlap.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        return task.call();
                    } finally {
                        running.decrementAndGet();
                    }
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            assertTrue(!mustOverlap || overlap.get() > 1, "the calls ran one after another, so nothing raced");
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
