package dev.orginvites.testkit;

import dev.orginvites.devkit.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The tables of the running {@link EmulatorTest} class: each fixture gets a fresh one, and all are deleted after the
 * class. Fresh rather than shared because moto copies the whole table (items and stream records) at the start of
 * every transaction, so a transaction's cost grows with the table it writes to, while making a table costs about as
 * much as one small transaction (BENCHMARKS.md, "The test suite").
 */
public final class EmulatorTables implements BeforeAllCallback, AfterAllCallback {
    private static Class<?> running;
    private static final List<String> made = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        open(context.getRequiredTestClass());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Starts {@code testClass}'s use of the emulator: what {@link EmulatorTest} does, for engines it cannot extend. */
    public static synchronized void open(Class<?> testClass) {
        running = testClass;
        made.clear();
    }

    /** Ends it, deleting the tables made for the class. */
    public static synchronized void close() {
        for (String table : made) {
            Fixture.client().deleteTable(r -> r.tableName(table));
        }
        made.clear();
        running = null;
    }

    /** A fresh table for the running class, as template.yaml defines it but with only {@code features}. */
    public static synchronized String create(Set<SamTemplate.TableFeature> features) {
        requireEmulatorTest();
        String table = "invites-" + running.getSimpleName() + "-" + UUID.randomUUID();
        SamTemplate.locate().createTable(Fixture.client(), table, features);
        made.add(table);
        return table;
    }

    /** Refuses emulator use outside an {@link EmulatorTest} class. */
    static synchronized void requireEmulatorTest() {
        if (running == null) {
            throw new IllegalStateException("a test on the emulator must be marked @EmulatorTest, so that the quick "
                    + "tier (-Pquick) leaves it out");
        }
    }
}
