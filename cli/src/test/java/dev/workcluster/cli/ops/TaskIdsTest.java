package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated task ids: their form, their order, and no repeats. */
class TaskIdsTest {
    final TaskIds ids = new TaskIds();

    @Test
    void sixteenCharactersOfLowercaseCrockfordBase32() {
        assertThat(ids.next()).hasSize(TaskIds.LENGTH).matches("[0-9a-hjkmnp-tv-z]{16}");
    }

    @Test
    void theFirstTenCharactersEncodeTheTimeSoIdsSortByTime() {
        String earlier = ids.next(1_700_000_000_000L + 10_000_000);
        String later = ids.next(1_700_000_000_000L + 10_000_001);

        assertThat(earlier.substring(0, 10)).isNotEqualTo(later.substring(0, 10));
        assertThat(earlier).isLessThan(later);
        assertThat(ids.next(0L).substring(0, 10)).isEqualTo(later.substring(0, 10)); // clock went back: no reuse
    }

    @Test
    void manyIdsInTheSameMillisecondAreDistinctAndIncreasing() {
        long now = System.currentTimeMillis() + 60_000;
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next(now));
        }

        assertThat(new HashSet<>(made)).hasSize(made.size());
        assertThat(made).isSorted();
    }
}
