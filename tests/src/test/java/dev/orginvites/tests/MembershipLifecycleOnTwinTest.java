package dev.orginvites.tests;

import dev.orginvites.testkit.Fixture;

/** A member's life through the handlers, on the in-memory twin: the quick tier's share. */
class MembershipLifecycleOnTwinTest extends MembershipLifecycle {
    @Override
    Fixture fixture() {
        return Fixture.inMemory();
    }

    @Override
    void checkInvariants(Api api) {
        MembershipRaces.checkOneUserRecordPerMembership(api);
    }
}
