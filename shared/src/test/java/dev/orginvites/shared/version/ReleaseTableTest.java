package dev.orginvites.shared.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseTableTest {
    private static final LocalDate TODAY = VersionTest.TODAY;

    /** Resolves {@code requested} against {@code releases} (space-separated); "404" when nothing matches. */
    private static String resolve(String releases, String requested) {
        ReleaseTable<Void> table = ReleaseTable.of(releases == null ? new String[0] : releases.trim().split("\\s+"));
        try {
            return table.resolve(Version.parse(requested, TODAY), TODAY).served().toString();
        } catch (VersionException e) {
            assertTrue(e.notFound(), e.getMessage());
            return "404";
        }
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // vervet version_test.go, TestVersionIndex (ResolveForBuild, the rule for dates before the pivot)
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2021-06-10 | 2021-06-10",
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2021-06-10~beta | 2021-06-10",
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2021-06-11~beta | 2021-06-10",
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2021-06-11 | 2021-06-10",
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2021-06-10~experimental | 2021-06-10",
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2021-06-11~experimental | 2021-06-10",
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2021-01-01 | 404",
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2022-01-01 | 2021-06-10",
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2022-01-01~experimental | 2021-07-12~beta",
            "2021-07-12~experimental 2021-06-01~beta 2021-07-12~beta 2021-06-10 2021-06-01~wip 2021-07-12~wip 2021-06-10~beta | 2022-01-01~beta | 2021-07-12~beta",
            "2021-06-10~beta | 2021-06-10 | 404",
            "2021-06-10~beta | 2021-06-10~beta | 2021-06-10~beta",
            "2021-06-10~beta | 2021-06-10~experimental | 2021-06-10~beta",
            "2021-06-10~beta | 2021-06-11~wip | 2021-06-10~beta",
            "2021-06-10~beta | 2021-01-01 | 404",
            "2021-06-10~beta | 2022-01-01~wip | 2021-06-10~beta",
            "2021-06-10~beta 2022-01-10~experimental | 2021-04-10 | 404",
            "2021-06-10~beta 2022-01-10~experimental | 2021-08-10~beta | 2021-06-10~beta",
            "2021-06-10~beta 2022-01-10~experimental | 2022-02-10~wip | 2022-01-10~experimental",
            "2021-06-10~beta 2022-01-10~experimental | 2021-01-30 | 404",
            "2021-09-06 2021-10-06 | 2021-10-12~wip | 2021-10-06",
            "2021-09-06~beta 2021-09-07 2021-09-08~beta 2021-09-09~experimental | 2021-09-10 | 2021-09-07",
            " | 2021-10-31 | 404",
            // vervet versionware/handler_test.go (v8): the 2024-10-15 pivot
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2021-08-31 | 404",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2021-09-16 | 2021-09-01",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2021-10-01 | 2021-10-01",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2021-10-31 | 2021-10-01",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2021-11-05 | 2021-11-01",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2023-02-05 | 2021-11-01",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2021-08-01 | 404",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2021-08-01~beta | 2021-08-01~beta",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2021-09-01~beta | 2021-09-01",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2024-10-14 | 2021-11-01",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2024-10-14~beta | 2021-11-01",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2024-10-14~experimental | 2021-11-01",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2024-10-15 | 2024-10-15",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2024-10-16 | 2024-10-15",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2024-10-20 | 2024-10-20",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2024-10-20~beta | 404",
            "2021-08-01~beta 2021-09-01 2021-10-01 2021-11-01 2024-10-15 2024-10-20 | 2024-10-20~experimental | 404",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2021-07-31~beta | 404",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2021-09-16~beta | 2021-08-01~beta",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2021-10-01~beta | 2021-10-01~beta",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2021-11-05~experimental | 2021-11-01~experimental",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2024-10-15 | 2024-10-15~beta",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2024-10-15~beta | 404",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2024-10-15~experimental | 404",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2024-10-16 | 2024-10-15~beta",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2024-10-20 | 2024-10-20~beta",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2024-10-21 | 2024-10-20~beta",
            "2021-08-01~beta 2021-10-01~beta 2021-11-01~experimental 2024-10-15~beta 2024-10-20~beta 2024-10-25 | 2024-10-26 | 2024-10-25",
            "2022-08-01~experimental | 2024-10-15 | 404",
            // three GA releases (create's history): a GA release satisfies a request at any stability
            "2022-06-01 2023-04-28 2024-06-21 | 2022-05-31 | 404",
            "2022-06-01 2023-04-28 2024-06-21 | 2022-05-31~beta | 404",
            "2022-06-01 2023-04-28 2024-06-21 | 2022-06-01 | 2022-06-01",
            "2022-06-01 2023-04-28 2024-06-21 | 2022-06-01~beta | 2022-06-01",
            "2022-06-01 2023-04-28 2024-06-21 | 2022-07-01 | 2022-06-01",
            "2022-06-01 2023-04-28 2024-06-21 | 2022-07-01~beta | 2022-06-01",
            "2022-06-01 2023-04-28 2024-06-21 | 2022-07-01~wip | 2022-06-01",
            "2022-06-01 2023-04-28 2024-06-21 | 2023-04-27 | 2022-06-01",
            "2022-06-01 2023-04-28 2024-06-21 | 2023-04-28 | 2023-04-28",
            "2022-06-01 2023-04-28 2024-06-21 | 2023-04-28~beta | 2023-04-28",
            "2022-06-01 2023-04-28 2024-06-21 | 2024-06-20 | 2023-04-28",
            "2022-06-01 2023-04-28 2024-06-21 | 2024-10-14~beta | 2024-06-21",
            "2022-06-01 2023-04-28 2024-06-21 | 2024-10-15 | 2024-06-21",
            "2022-06-01 2023-04-28 2024-06-21 | 2026-11-30 | 2024-06-21",
            "2022-06-01 2023-04-28 2024-06-21 | beta | 404",
            "2022-11-14 | 2022-11-13 | 404",
            "2022-11-14 | 2022-11-14 | 2022-11-14",
            "2022-11-14 | 2022-11-14~experimental | 2022-11-14",
            "2022-11-14 | 2025-01-01 | 2022-11-14",
    })
    void resolves(String releases, String requested, String served) {
        assertEquals(served, resolve(releases, requested));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}, deprecated {3}, sunset {4}")
    @CsvSource({
            // vervet version_test.go, TestDeprecates and TestSunset
            "2021-06-01~experimental, 2022-01-01, sunset,     2021-06-07, 2021-06-08",
            "2021-06-07~beta,         2022-01-01, sunset,     2021-07-01, 2021-09-30",
            "2021-07-01,              2022-01-01, deprecated, 2021-10-31, 2022-04-30",
            "2021-07-01,              2022-04-30, deprecated, 2021-10-31, 2022-04-30",
            "2021-07-01,              2022-05-01, sunset,     2021-10-31, 2022-04-30",
            "2021-07-01,              2021-10-30, ga,         ,           ",
            "2021-09-16~beta,         2021-10-31, deprecated, 2021-10-31, 2022-01-30",
            "2021-10-31,              2022-01-01, ga,         ,           ",
            "2021-08-12~experimental, 2021-09-16, deprecated, 2021-09-16, 2021-09-17",
    })
    void deprecatesAndSunsets(String release, LocalDate today, String stage, LocalDate deprecated, LocalDate sunset) {
        ReleaseTable<Void> table = ReleaseTable.of("2021-06-01~experimental", "2021-06-07~beta", "2021-07-01",
                "2021-08-12~experimental", "2021-09-16~beta", "2021-10-31");

        Lifecycle lifecycle = table.lifecycle(Version.parse(release, TODAY), today);

        assertEquals(stage, lifecycle.stage());
        assertEquals(deprecated, lifecycle.deprecatedOn().orElse(null));
        assertEquals(sunset, lifecycle.sunsetOn().orElse(null));
    }

    @Test
    void theLatestReleaseOfEachOperationIsCurrent() {
        ReleaseTable<Void> create = ReleaseTable.of("2022-06-01", "2023-04-28", "2024-06-21");

        Resolution resolution = create.resolve(Version.parse("2024-10-15", TODAY), TODAY);

        assertEquals("2024-10-15", resolution.requested().toString());
        assertEquals("ga", resolution.lifecycle().stage());
        assertTrue(resolution.lifecycle().deprecatedOn().isEmpty());
    }

    @Test
    void aStabilitySuffixOnOrAfterThePivotMatchesNothing() {
        ReleaseTable<Void> list = ReleaseTable.of("2022-11-14");

        VersionException e = assertThrows(VersionException.class,
                () -> list.resolve(Version.parse("2024-10-15~beta", TODAY), TODAY));
        assertTrue(e.notFound());
        assertTrue(e.getMessage().contains("no stability suffix"), e.getMessage());
    }

    @Test
    void eachReleaseKeepsItsOwnBehaviourAndTheServedOneIsLookedUp() {
        ReleaseTable<String> table = ReleaseTable.<String>builder()
                .release("2023-04-28", "second").release("2022-06-01", "first").release("2024-06-21", "third").build();

        assertEquals("[2022-06-01, 2023-04-28, 2024-06-21]", table.releases().toString());
        assertEquals("first", table.behaviour(table.resolve(Version.parse("2023-04-27", TODAY), TODAY).served()));
        assertEquals("second", table.behaviour(table.resolve(Version.parse("2024-06-20~beta", TODAY), TODAY).served()));
        assertEquals("third", table.behaviour(table.resolve(Version.parse("2024-10-15", TODAY), TODAY).served()));
        assertThrows(IllegalArgumentException.class, () -> table.behaviour(Version.parse("2023-01-01", TODAY)));
    }

    @Test
    void aReleaseIsRegisteredOnce() {
        assertThrows(IllegalArgumentException.class,
                () -> ReleaseTable.<String>builder().release("2022-06-01", "a").release("2022-06-01", "b"));
    }
}
