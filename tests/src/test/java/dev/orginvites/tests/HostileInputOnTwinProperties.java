package dev.orginvites.tests;

import dev.orginvites.testkit.Fixture;
import net.jqwik.api.PropertyDefaults;

/** The hostile-input properties in bulk, on the in-memory twin of the store: the quick tier's share. */
@PropertyDefaults(tries = 400)
class HostileInputOnTwinProperties extends HostileInputProperties {
    @Override
    Fixture fixture() {
        return Fixture.inMemory();
    }
}
