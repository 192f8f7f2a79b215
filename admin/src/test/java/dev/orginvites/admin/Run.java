package dev.orginvites.admin;

import dev.orginvites.shared.config.TableSettings;
import dev.orginvites.shared.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One run of the admin command in this JVM: its exit code and what it printed on stdout and stderr. */
record Run(int exitCode, String out, String err) {
    static Run of(Map<String, String> env, Function<TableSettings, Store> stores, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = stores == null ? AdminCommand.run(args, env, o, e) : AdminCommand.run(args, env, o, e, stores);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> lines() {
        return out.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
