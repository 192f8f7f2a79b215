package dev.orginvites.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orginvites.devkit.SentEmails.Sent;
import dev.orginvites.shared.store.Invite;
import dev.orginvites.shared.store.IssuedInvite;
import dev.orginvites.testkit.EmulatorTest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The deployable jar (target/deliver-invites.jar, which leaves out the parts of the AWS SDK's service models the
 * mailer never loads) in a fresh JVM of its own, configured from the environment as Lambda configures it: it sends,
 * records, skips and fails as the handler tests say, so nothing it needs was left out; and it stays under 10 MB.
 */
@EmulatorTest
class DeployableJarIT {
    private static final Path JAR = Path.of(System.getProperty("orginvites.deliverInvitesJar",
            "target/deliver-invites.jar"));
    private static final long LIMIT_BYTES = 10L * 1024 * 1024;

    private final Mailer mailer = new Mailer();

    @Test
    void isUnderTenMegabytes() throws IOException {
        assertTrue(Files.size(JAR) < LIMIT_BYTES, JAR + " is " + Files.size(JAR) + " bytes");
    }

    @Test
    void sendsRecordsSkipsAndFailsInAJvmOfItsOwn() throws Exception {
        Invite ada = invite("ada");
        Invite cancelled = invite("cancelled");
        mailer.fixture.invitations.cancel(mailer.fixture.org, cancelled.id(), "admin", mailer.fixture.clock.instant());
        List<Record> records = mailer.records().stream().filter(Mailer.INVITE_INSERTS).toList();

        Run first = run(records, Mailer.FROM);
        Run replay = run(records, Mailer.FROM);

        assertEquals(List.of(), first.failures(), first.output());
        assertTrue(first.output().contains("\"outcome\":\"sent\""), first.output());
        assertTrue(first.output().contains("\"outcome\":\"not_pending\""), first.output());
        assertTrue(replay.output().contains("\"outcome\":\"already_delivered\""), replay.output());
        List<Sent> sent = mailer.sent();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(List.of(ada.email()), sent.get(0).to());
        assertNotNull(issued(ada.id()).deliveredAt());

        Invite bob = invite("bob");
        List<Record> bobs = mailer.records().stream().filter(Mailer.INVITE_INSERTS)
                .filter(r -> r.dynamodb().keys().get("sk").s().endsWith(bob.id())).toList();
        Run refused = run(bobs, "nobody@unverified.invalid");

        assertEquals(List.of(bobs.get(0).dynamodb().sequenceNumber()), refused.failures(), refused.output());
        assertTrue(refused.output().contains("\"error_code\":\"MessageRejected\""), refused.output());
        assertFalse(refused.output().contains("NoClassDefFoundError"), refused.output());
        assertNull(issued(bob.id()).deliveredAt());
    }

    private Invite invite(String name) {
        return mailer.fixture.invitations.create(mailer.fixture.org, mailer.address(name), mailer.fixture.developer,
                "inviter", mailer.fixture.clock.instant());
    }

    private IssuedInvite issued(String inviteId) {
        return mailer.fixture.invitations.issued(mailer.fixture.org, inviteId, mailer.fixture.clock.instant()).orElseThrow();
    }

    private record Run(List<String> failures, String output) {
    }

    /** One invocation of the jar's handler, in a new JVM, for these records. */
    private Run run(List<Record> records, String mailFrom) throws Exception {
        Path batch = Files.createTempFile("deliver-batch-", ".tsv");
        StringBuilder lines = new StringBuilder();
        for (Record record : records) {
            lines.append(record.eventNameAsString()).append('\t').append(record.dynamodb().sequenceNumber())
                    .append('\t').append(record.dynamodb().newImage().get("pk").s())
                    .append('\t').append(record.dynamodb().newImage().get("sk").s())
                    .append('\t').append(record.dynamodb().newImage().get("token_nonce").s()).append('\n');
        }
        Files.writeString(batch, lines, StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String probeClasses = Path.of(JarProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        ProcessBuilder process = new ProcessBuilder(java, "-cp", JAR + File.pathSeparator + probeClasses,
                JarProbe.class.getName(), batch.toString()).redirectErrorStream(true);
        String endpoint = mailer.endpoint.toString();
        Map<String, String> env = process.environment();
        env.put("TABLE_NAME", mailer.fixture.table);
        env.put("AWS_REGION", "us-east-1");
        env.put("DYNAMODB_ENDPOINT", endpoint);
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("MAIL_FROM", mailFrom);
        env.put("ACCEPT_URL", Mailer.ACCEPT_URL);
        env.put("TOKEN_SECRET_ID", mailer.tokenSecret);
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(started.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, started.exitValue(), output);
        List<String> failures = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("failures=") && line.length() > "failures=".length()) {
                failures.addAll(List.of(line.substring("failures=".length()).strip().split(",")));
            }
        }
        Files.delete(batch);
        return new Run(failures, output);
    }
}
