package dev.orginvites.shared.version;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Where a served release stands on a given day: its stage ({@code ga}, {@code beta}, ..., {@code deprecated},
 * {@code sunset}) and, once a later release supersedes it, the deprecation and sunset dates.
 */
public final class Lifecycle {
    private final String stage;
    private final LocalDate deprecatedOn;
    private final LocalDate sunsetOn;

    Lifecycle(String stage, LocalDate deprecatedOn, LocalDate sunsetOn) {
        this.stage = stage;
        this.deprecatedOn = deprecatedOn;
        this.sunsetOn = sunsetOn;
    }

    public String stage() {
        return stage;
    }

    /** The date of the release that supersedes the served one, if any. */
    public Optional<LocalDate> deprecatedOn() {
        return Optional.ofNullable(deprecatedOn);
    }

    /** The date after which the served release may be removed, if it is deprecated. */
    public Optional<LocalDate> sunsetOn() {
        return Optional.ofNullable(sunsetOn);
    }
}
