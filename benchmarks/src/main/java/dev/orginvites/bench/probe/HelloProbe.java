package dev.orginvites.bench.probe;

/** The JVM floor: a JVM that starts, runs main and exits, with the same flags as the functions. */
public final class HelloProbe {
    private HelloProbe() {
    }

    public static void main(String[] args) {
        long main = Report.micros();
        System.out.println("hello");
        long done = Report.micros();
        Report.print(main, done, done, 0);
    }
}
