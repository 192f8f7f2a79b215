package dev.orginvites.devkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("emulator") // what shared's @EmulatorTest tags: the full tier only
class DynamoEmulatorTest {

    @Test
    void closeStopsMotoAndEverythingItStarted() {
        DynamoEmulator emulator = DynamoEmulator.start();
        Assumptions.assumeTrue(emulator.started(), "DYNAMODB_ENDPOINT names an emulator this test did not start");
        ProcessHandle moto = emulator.process().orElseThrow();
        List<ProcessHandle> tree = new ArrayList<>(moto.descendants().toList());
        tree.add(moto);
        assertTrue(moto.isAlive());
        int proxyPort = emulator.endpoint().getPort();

        emulator.close();

        for (ProcessHandle process : tree) {
            assertFalse(process.isAlive(), "process " + process.pid() + " " + process.info().commandLine().orElse("")
                    + " still runs");
        }
        assertFalse(Ports.listening(proxyPort), "the proxy still listens");
    }
}
