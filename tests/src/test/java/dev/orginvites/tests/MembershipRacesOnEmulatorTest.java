package dev.orginvites.tests;

import dev.orginvites.testkit.EmulatorTest;
import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.Race;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The membership races on DynamoDB (the emulator, serializable behind the devkit's proxy): the requests must overlap
 * in the handlers, and the table's items are checked one by one ({@link Invariants}) after each round.
 */
@EmulatorTest
class MembershipRacesOnEmulatorTest extends MembershipRaces {
    @Override
    Fixture fixture() {
        return new Fixture();
    }

    @Override
    List<Integer> race(List<Callable<Integer>> racers) throws Exception {
        return Race.runOverlapping(racers);
    }

    @Override
    void checkTable(Api api) {
        Invariants.check(api.items(), api.fixture.clock.instant());
    }
}
