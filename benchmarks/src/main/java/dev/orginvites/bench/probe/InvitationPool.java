package dev.orginvites.bench.probe;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Pending invitations the cold-start harness made for the mailer's runs, one a line ({@code pk sk tokenNonce},
 * tab-separated), in the file {@code INVITATION_POOL} names. Each run claims one no run has claimed (by creating a
 * marker file beside the pool, which only one process can), so every measured run sends a new invitation.
 */
final class InvitationPool {
    private InvitationPool() {
    }

    /** The next unclaimed invitation: its partition key, sort key and token nonce. */
    static String[] claim() throws IOException {
        Path pool = Path.of(System.getenv("INVITATION_POOL"));
        List<String> lines = Files.readAllLines(pool);
        for (int i = 0; i < lines.size(); i++) {
            try {
                Files.createFile(pool.resolveSibling(pool.getFileName() + "." + i));
                return lines.get(i).split("\t");
            } catch (FileAlreadyExistsException claimed) {
                // another run's
            }
        }
        throw new IllegalStateException("every invitation in " + pool + " has been sent: make a larger pool");
    }
}
