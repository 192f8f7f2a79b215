package dev.orginvites.tests;

import dev.orginvites.testkit.Fixture;
import dev.orginvites.testkit.Race;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The membership races on the in-memory twin: the quick tier's share. Its calls take effect one after another under
 * its lock, so what races is the handlers' reads and the store's writes between them.
 */
class MembershipRacesOnTwinTest extends MembershipRaces {
    @Override
    Fixture fixture() {
        return Fixture.inMemory();
    }

    @Override
    List<Integer> race(List<Callable<Integer>> racers) throws Exception {
        return Race.run(racers);
    }

    @Override
    void checkTable(Api api) {
        // The twin has no items beyond what its ports show: checkOneUserRecordPerMembership has read them.
    }
}
