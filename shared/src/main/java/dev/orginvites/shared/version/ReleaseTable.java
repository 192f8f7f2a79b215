package dev.orginvites.shared.version;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The releases of one operation and Snyk's rules for choosing among them.
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
public final class ReleaseTable {
    /** The first date on which requested versions no longer carry a stability. */
    public static final LocalDate STABILITY_PIVOT = LocalDate.of(2024, 10, 15);

    private final List<Version> releases;

    private ReleaseTable(List<Version> releases) {
        this.releases = releases;
    }

    /** A table from release strings as published ({@code 2022-06-01~beta}, {@code 2024-06-21}). */
    public static ReleaseTable of(String... releases) {
        List<Version> parsed = new ArrayList<>();
        for (String release : releases) {
            parsed.add(Version.release(release));
        }
        Collections.sort(parsed);
        return new ReleaseTable(List.copyOf(parsed));
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
