package dev.workcluster.bench.chaos;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The history's times (epoch milliseconds) as people read them: UTC time of day to the millisecond. */
final class WallTime {
    private static final DateTimeFormatter TIME_OF_DAY =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private WallTime() {}

    static String format(long epochMillis) {
        return epochMillis == Long.MAX_VALUE ? "never" : TIME_OF_DAY.format(Instant.ofEpochMilli(epochMillis));
    }
}
