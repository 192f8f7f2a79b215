package dev.orginvites.shared.version;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The releases of one operation, what each release does differently ({@code B}: the request reader, the rendering,
 * whatever the operation needs), and Snyk's rules for choosing among them. As {@code snyk/vervet}'s versionware
 * registers one handler per release, an operation registers its per-release behaviour here and nowhere else: the
 * served release is resolved, then its behaviour looked up with {@link #behaviour}.
 *
 * <ul>
 *   <li>A request dated before {@link #STABILITY_PIVOT} is served the latest release on or before its date whose
 *       stability is at or above the requested one; of two releases on the same date, the more stable wins.</li>
 *   <li>From {@link #STABILITY_PIVOT} on, versions carry no stability: a suffix matches nothing (404, as vervet
 *       answers), and the request is served the latest GA release on or before its date, or the latest beta where
 *       no GA release exists.</li>
 *   <li>A release is deprecated by the first release on a later date (and on or before today) of equal or higher
 *       stability; it is sunset a fixed period after that date (see {@link #sunsetPeriodDays}), and its lifecycle
 *       stage reads {@code sunset} once that day has passed.</li>
 * </ul>
 */
public final class ReleaseTable<B> {
    /** The first date on which requested versions no longer carry a stability. */
    public static final LocalDate STABILITY_PIVOT = LocalDate.of(2024, 10, 15);

    // Two parallel lists, oldest first, rather than a sorted map: a table is a handful of releases, and building one
    // is on every cold start, where each collection class iterated costs its load.
    private final List<Version> releases;
    private final List<B> behaviours;

    private ReleaseTable(List<Version> releases, List<B> behaviours) {
        this.releases = List.copyOf(releases);
        this.behaviours = Collections.unmodifiableList(new ArrayList<>(behaviours)); // behaviours may be null
    }

    /**
     * A table from release strings as published ({@code 2022-06-01~beta}, {@code 2024-06-21}), for an operation
     * whose releases do not differ in anything it must know.
     */
    public static ReleaseTable<Void> of(String... releases) {
        Builder<Void> builder = builder();
        for (String release : releases) {
            builder.release(release, null);
        }
        return builder.build();
    }

    public static <B> Builder<B> builder() {
        return new Builder<>();
    }

    /** Registers releases one by one, each with what it does differently. */
    public static final class Builder<B> {
        private final List<Version> releases = new ArrayList<>();
        private final List<B> behaviours = new ArrayList<>();

        private Builder() {
        }

        /** @param release as published, e.g. {@code 2023-04-28} or {@code 2022-06-01~beta}; in any order */
        public Builder<B> release(String release, B behaviour) {
            Version version = Version.release(release);
            int at = 0;
            while (at < releases.size() && releases.get(at).compareTo(version) < 0) {
                at++;
            }
            if (at < releases.size() && releases.get(at).equals(version)) {
                throw new IllegalArgumentException("release " + release + " is registered twice");
            }
            releases.add(at, version);
            behaviours.add(at, behaviour);
            return this;
        }

        public ReleaseTable<B> build() {
            return new ReleaseTable<>(releases, behaviours);
        }
    }

    /** Every release, oldest first. */
    public List<Version> releases() {
        return releases;
    }

    /**
     * What {@code release} does differently, as registered.
     *
     * @throws IllegalArgumentException when {@code release} is not one of this table's (a served release always is)
     */
    public B behaviour(Version release) {
        int at = releases.indexOf(release);
        if (at < 0) {
            throw new IllegalArgumentException(release + " is not a release of this operation");
        }
        return behaviours.get(at);
    }

    /** The newest release. */
    public Version latest() {
        return releases.get(releases.size() - 1);
    }

    /**
     * Resolves a parsed request.
     *
     * @throws VersionException not found when no release qualifies, which includes any stability suffix on or
     *     after the pivot date
     */
    public Resolution resolve(Version requested, LocalDate today) {
        Version served = requested.date().isBefore(STABILITY_PIVOT) ? latestAtLeast(requested) : latestGaOrBeta(requested);
        if (served == null) {
            throw VersionException.notFound("No release of this operation matches version " + requested + ".");
        }
        return new Resolution(requested, served, lifecycle(served, today));
    }

    private Version latestAtLeast(Version requested) {
        Version best = null;
        for (Version release : releases) {
            if (!release.date().isAfter(requested.date()) && release.stability().atLeast(requested.stability())) {
                best = release; // sorted by date, then stability: the last match is the latest and most stable
            }
        }
        return best;
    }

    private Version latestGaOrBeta(Version requested) {
        if (requested.stability() != Stability.GA) {
            throw VersionException.notFound("Versions from " + STABILITY_PIVOT
                    + " on carry no stability suffix; ask for " + requested.date() + ".");
        }
        Version ga = null;
        Version beta = null;
        for (Version release : releases) {
            if (!release.date().isAfter(requested.date())) {
                if (release.stability() == Stability.GA) {
                    ga = release;
                } else if (release.stability() == Stability.BETA) {
                    beta = release;
                }
            }
        }
        return ga != null ? ga : beta;
    }

    /** The lifecycle of a release on {@code today}. */
    public Lifecycle lifecycle(Version release, LocalDate today) {
        for (Version later : releases) {
            if (later.date().isAfter(release.date()) && !later.date().isAfter(today)
                    && later.stability().atLeast(release.stability())) {
                LocalDate deprecatedOn = later.date();
                LocalDate sunsetOn = deprecatedOn.plusDays(sunsetPeriodDays(release.stability()));
                return new Lifecycle(today.isAfter(sunsetOn) ? "sunset" : "deprecated", deprecatedOn, sunsetOn);
            }
        }
        return new Lifecycle(release.stability().label(), null, null);
    }

    /** Days between deprecation and sunset, by the deprecated release's stability (vervet's periods). */
    static long sunsetPeriodDays(Stability stability) {
        switch (stability) {
            case GA:
                return 181;
            case BETA:
                return 91;
            case EXPERIMENTAL:
                return 1;
            default:
                return 0;
        }
    }
}
