package dev.orginvites.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs on the DynamoDB emulator: the full tier runs it, the quick tier ({@code -Pquick}) leaves it
 * out by its tag. The tables its {@link Fixture}s make are deleted after the class; a {@link Fixture} made outside
 * such a class is refused, so no emulator test can slip into the quick tier untagged.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(EmulatorTest.TAG)
@ExtendWith(EmulatorTables.class)
public @interface EmulatorTest {
    /** The JUnit tag the quick tier excludes. */
    String TAG = "emulator";
}
