package dev.orginvites.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OperationReferenceTest {
    private static final String WRITE = OperationReference.class.getSimpleName() + ".write";

    @Test
    void theCommittedReferenceIsWhatTheDeclarationsAndTheContractMake() throws IOException {
        Path committed = OperationReference.committed();
        String rendered = OperationReference.render();
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(committed, rendered, StandardCharsets.UTF_8);
        }
        String actual = Files.isRegularFile(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        assertEquals(rendered, actual, OperationReference.FILE + " is not what the operations' declarations and the "
                + "API's document make: regenerate it with\n  " + OperationReference.REGENERATE + "\n");
    }
}
