package dev.workcluster.leader.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fire times from cron expressions in time zones and from intervals, and what a late leader fires. */
class FireTimesTest {
    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void cronIsReadInItsTimeZone() {
        FireTimes paris = FireTimes.cron("0 9 * * *", "Europe/Paris");

        assertThat(paris.firstAfter(at("2026-12-03T07:00:00Z"))).isEqualTo(at("2026-12-03T08:00:00Z"));
        // summer time: 09:00 in Paris is 07:00 UTC
        assertThat(paris.firstAfter(at("2026-07-01T00:00:00Z"))).isEqualTo(at("2026-07-01T07:00:00Z"));
        assertThat(FireTimes.cron("*/5 * * * *", "").firstAfter(at("2026-12-03T07:02:10Z")))
                .isEqualTo(at("2026-12-03T07:05:00Z"));
    }

    @Test
    void aFireTimeIsStrictlyAfterTheGivenTime() {
        FireTimes hourly = FireTimes.cron("0 * * * *", "UTC");

        assertThat(hourly.firstAfter(at("2026-12-03T07:00:00Z"))).isEqualTo(at("2026-12-03T08:00:00Z"));
        assertThat(FireTimes.every(5_000).firstAfter(1_000)).isEqualTo(6_000);
    }

    @Test
    void onTimeOneFireTimeFiresAndTheNextFollows() {
        FireTimes.Firing firing = FireTimes.every(5_000).at(10_000, 10_004, 1);

        assertThat(firing.fire()).containsExactly(10_000L);
        assertThat(firing.missed()).isZero();
        assertThat(firing.next()).isEqualTo(15_000);
    }

    @Test
    void afterAnOutageOnlyTheLatestFireTimesFireAndTheRestAreMissed() {
        FireTimes.Firing interval = FireTimes.every(5_000).at(10_000, 61_000, 2); // 10,15,...,60 passed: 11

        assertThat(interval.fire()).containsExactly(55_000L, 60_000L);
        assertThat(interval.missed()).isEqualTo(9);
        assertThat(interval.next()).isEqualTo(65_000);

        FireTimes.Firing cron = FireTimes.cron("*/10 * * * *", "UTC")
                .at(at("2026-12-03T07:00:00Z"), at("2026-12-03T08:05:00Z"), 1); // 07:00 ... 08:00: 7 passed

        assertThat(cron.fire()).isEqualTo(List.of(at("2026-12-03T08:00:00Z")));
        assertThat(cron.missed()).isEqualTo(6);
        assertThat(cron.next()).isEqualTo(at("2026-12-03T08:10:00Z"));
    }

    @Test
    void afterAVeryLongOutageTheLatestFireTimesStillFireAndTheMissedCountIsALowerBound() {
        FireTimes.Firing firing = FireTimes.cron("* * * * *", "UTC")
                .at(at("2026-11-01T00:00:00Z"), at("2026-12-03T08:05:30Z"), 2); // about 46,000 minutes passed

        assertThat(firing.fire()).containsExactly(at("2026-12-03T08:04:00Z"), at("2026-12-03T08:05:00Z"));
        assertThat(firing.missed()).isEqualTo(FireTimes.MAX_COUNTED);
        assertThat(firing.next()).isEqualTo(at("2026-12-03T08:06:00Z"));
    }

    @Test
    void aFireTimeExactlyAtNowFires() {
        FireTimes.Firing firing =
                FireTimes.cron("0 * * * *", "UTC").at(at("2026-12-03T08:00:00Z"), at("2026-12-03T08:00:00Z"), 1);

        assertThat(firing.fire()).containsExactly(at("2026-12-03T08:00:00Z"));
        assertThat(firing.missed()).isZero();
        assertThat(firing.next()).isEqualTo(at("2026-12-03T09:00:00Z"));
    }

    @Test
    void aCronThatNeverFiresSaysSo() {
        assertThat(FireTimes.cron("0 0 30 2 *", "UTC").firstAfter(at("2026-12-03T07:00:00Z")))
                .isEqualTo(FireTimes.NEVER);
    }

    @Test
    void badExpressionsAndZonesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> FireTimes.cron("61 * * * *", "UTC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'61 * * * *' is not a five-field cron expression");
        assertThatThrownBy(() -> FireTimes.cron("* * * * * *", "UTC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("five-field");
        assertThatThrownBy(() -> FireTimes.cron("0 9 * * *", "Mars/Base"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown time zone 'Mars/Base'");
    }
}
