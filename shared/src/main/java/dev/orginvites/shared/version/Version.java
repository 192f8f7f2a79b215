package dev.orginvites.shared.version;

import dev.orginvites.shared.jsonapi.Echo;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An API version: a date and a stability, written {@code YYYY-MM-DD} (GA) or {@code YYYY-MM-DD~beta}.
 * A bare stability ({@code beta}) names today at that stability.
 */
public record Version(LocalDate date, Stability stability) implements Comparable<Version> {
    private static final Pattern DATED =
            Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:~(wip|work-in-progress|experimental|beta))?");

    /** Parses a requested version; {@code today} (UTC) dates bare stabilities and bounds the date from above. */
    public static Version parse(String text, LocalDate today) {
        if (text == null) {
            throw VersionException.invalid("A version is required.");
        }
        Stability bare = Stability.fromSuffix(text);
        if (bare != null) {
            return new Version(today, bare);
        }
        Matcher m = DATED.matcher(text);
        if (!m.matches()) {
            throw VersionException.invalid("The version '" + Echo.of(text)
                    + "' is not a valid API version: use YYYY-MM-DD, optionally followed by ~beta, ~experimental or ~wip.");
        }
        Stability stability = m.group(4) == null ? Stability.GA : Stability.fromSuffix(m.group(4));
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            throw VersionException.invalid("The version '" + Echo.of(text) + "' is not a calendar date.");
        }
        if (date.isAfter(today)) {
            throw VersionException.invalid("The version '" + Echo.of(text) + "' is in the future; the latest date you can ask for is "
                    + today + ".");
        }
        return new Version(date, stability);
    }

    /** Parses a release as written in a release table (no bare stabilities, no bound on the date). */
    static Version release(String text) {
        return parse(text, LocalDate.MAX);
    }

    @Override
    public int compareTo(Version o) {
        int byDate = date.compareTo(o.date);
        return byDate != 0 ? byDate : stability.compareTo(o.stability);
    }

    // equals and hashCode are written out: a record's generated ones are bootstrapped through invokedynamic, which
    // loads about ten classes on the cold start that first puts a version in a map.
    @Override
    public boolean equals(Object other) {
        return other instanceof Version that && date.equals(that.date) && stability == that.stability;
    }

    @Override
    public int hashCode() {
        return 31 * date.hashCode() + stability.hashCode();
    }

    /** {@code 2024-06-21} for GA, {@code 2022-06-01~beta} otherwise. */
    @Override
    public String toString() {
        return stability == Stability.GA ? date.toString() : date + "~" + stability.label();
    }
}
