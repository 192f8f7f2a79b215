package dev.orginvites.bench.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The one line a probe prints: wall-clock instants (µs since the epoch), the status, CPU time and peak RSS. */
final class Report {
    private Report() {
    }

    static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    static void print(long main, long ready, long done, int status) {
        long cpuMicros = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1000).orElse(-1L);
        System.out.println("PROBE main=" + main + " ready=" + ready + " done=" + done + " status=" + status
                + " cpu=" + cpuMicros + " rss=" + peakRssKb());
    }

    /** VmHWM: the most resident memory the process has had. */
    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
