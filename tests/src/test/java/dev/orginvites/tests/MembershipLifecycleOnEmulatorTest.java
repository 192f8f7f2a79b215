package dev.orginvites.tests;

import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;

/** A member's life through the handlers, on DynamoDB (the emulator), with the table's invariants read item by item. */
@EmulatorTest
class MembershipLifecycleOnEmulatorTest extends MembershipLifecycle {
    @Override
    Fixture fixture() {
        return new Fixture();
    }

    @Override
    void checkInvariants(Api api) {
        MembershipRaces.checkOneUserRecordPerMembership(api);
        Invariants.check(api.items(), api.fixture.clock.instant());
    }
}
