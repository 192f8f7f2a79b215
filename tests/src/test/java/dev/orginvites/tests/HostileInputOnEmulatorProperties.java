package dev.orginvites.tests;

import dev.orginvites.testkit.EmulatorTables;
import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A sample of the hostile-input properties on DynamoDB (the emulator): what the twin cannot show, such as a value
 * DynamoDB refuses to key or store. jqwik runs no JUnit extension, so the class opens and closes its tables itself.
 */
@Tag(EmulatorTest.TAG)
@PropertyDefaults(tries = 60)
class HostileInputOnEmulatorProperties extends HostileInputProperties {
    @BeforeContainer
    static void openTable() {
        EmulatorTables.open(HostileInputOnEmulatorProperties.class);
    }

    @AfterContainer
    static void closeTable() {
        EmulatorTables.close();
    }

    @Override
    Fixture fixture() {
        return new Fixture();
    }
}
