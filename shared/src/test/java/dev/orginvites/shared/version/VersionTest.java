package dev.orginvites.shared.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

    @ParameterizedTest(name = "{0} is {1} at {2}, printed {3}")
    @CsvSource({
            // vervet's published cases (version_test.go, TestParseVersion)
            "2021-01-01,              2021-01-01, GA,           2021-01-01",
            "2021-02-02~beta,         2021-02-02, BETA,         2021-02-02~beta",
            "2021-03-03~experimental, 2021-03-03, EXPERIMENTAL, 2021-03-03~experimental",
            // Snyk's QueryVersion syntax beyond vervet's parser
            "2021-03-03~wip,              2021-03-03, WIP, 2021-03-03~wip",
            "2021-03-03~work-in-progress, 2021-03-03, WIP, 2021-03-03~wip",
            "beta,                        2026-11-30, BETA, 2026-11-30~beta",
            "experimental,                2026-11-30, EXPERIMENTAL, 2026-11-30~experimental",
            "wip,                         2026-11-30, WIP, 2026-11-30~wip",
            "work-in-progress,            2026-11-30, WIP, 2026-11-30~wip",
            "2026-11-30,                  2026-11-30, GA,  2026-11-30",
            "2024-02-29,                  2024-02-29, GA,  2024-02-29",
    })
    void parses(String text, LocalDate date, Stability stability, String printed) {
        Version version = Version.parse(text, TODAY);

        assertEquals(date, version.date());
        assertEquals(stability, version.stability());
        assertEquals(printed, version.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "", " ", "bad wolf", "2021-01-01~ga", "2021-01-01~", "~beta", "2021-02-30",
            "2023-02-29", "2021-13-01", "2021-00-10", "2021-1-1", "21-01-01", "2021-01-01~beta~x", "2021-01-01 ",
            " 2021-01-01", "BETA", "2021-01-01~BETA", "\uff12\uff10\uff12\uff11-01-01", "2021/01/01", "20210101",
            "2021-01-01T00:00:00Z", "2026-12-01", "9999-12-31", "ga", "stable"})
    void refuses(String text) {
        VersionException e = assertThrows(VersionException.class, () -> Version.parse(text, TODAY));
        assertFalse(e.notFound());
    }

    @ParameterizedTest(name = "{0} vs {1} = {2}")
    @CsvSource({
            // vervet's published cases (version_test.go, TestVersionCompare)
            "2020-12-31,              2021-01-01,              -1",
            "2021-01-01,              2020-12-31,               1",
            "2021-01-01,              2021-01-01,               0",
            "2021-08-01~beta,         2021-08-01~experimental,  1",
            "2021-08-01~experimental, 2021-08-01~beta,         -1",
            "2021-08-01,              2021-08-01~beta,          1",
            "2021-08-01~beta,         2021-08-01,              -1",
            "2021-08-01,              2021-08-01~experimental,  1",
            "2021-08-01~wip,          2021-08-01~experimental, -1",
            "2021-08-01~beta,         2021-08-01~beta,          0",
    })
    void comparesByDateThenStability(String left, String right, int expected) {
        assertEquals(expected, Integer.signum(Version.parse(left, TODAY).compareTo(Version.parse(right, TODAY))));
    }
}
