package dev.workcluster.cli.output;

import com.google.protobuf.Timestamp;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Short human forms of the values tables show. */
public final class HumanText {
    private HumanText() {}

    /** 850ms, 12s, 3m05s, 2h10m, 3d4h. */
    public static String duration(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 1_000) {
            return millis + "ms";
        }
        long s = millis / 1_000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3_600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3_600, (s % 3_600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%dh", s / 86_400, (s % 86_400) / 3_600);
    }

    public static long millis(Timestamp t) {
        return t.getSeconds() * 1_000 + t.getNanos() / 1_000_000;
    }

    /** Age of a timestamp relative to {@code nowMillis}, or "-" when it is unset. */
    public static String age(Timestamp t, long nowMillis) {
        return t.getSeconds() == 0 && t.getNanos() == 0 ? "-" : duration(Duration.ofMillis(nowMillis - millis(t)));
    }

    public static String status(TaskStatus status) {
        return status == TaskStatus.UNRECOGNIZED
                ? "?"
                : status.name().substring("TASK_STATUS_".length()).toLowerCase(Locale.ROOT);
    }

    public static String priority(TaskPriority priority) {
        return priority == TaskPriority.UNRECOGNIZED
                ? "?"
                : priority.name().substring("TASK_PRIORITY_".length()).toLowerCase(Locale.ROOT);
    }

    /**
     * A worker's labels as {@code k=v,k=v}, sorted by key ("" for none): the options and the wire keep them in
     * unordered maps, and what prints them should read the same each time.
     */
    public static String labels(Map<String, String> labels) {
        return new TreeMap<>(labels)
                .entrySet().stream()
                        .map(label -> label.getKey() + "=" + label.getValue())
                        .collect(Collectors.joining(","));
    }

    /** The first line of a text, cut to {@code max} characters. */
    public static String shorten(String text, int max) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
