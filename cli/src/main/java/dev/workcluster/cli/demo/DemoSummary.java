package dev.workcluster.cli.demo;

import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.watch.WatchLines;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The demo's closing report, and whether every task ended the way the plan says it should. */
record DemoSummary(List<String> lines, List<String> problems) {

    /**
     * @param finals   the planned tasks as the leader last reported them
     * @param problems what already went wrong while running (empty when nothing did)
     */
    static DemoSummary of(DemoPlan plan, Map<String, Task> finals, List<String> problems, Duration wall) {
        List<String> trouble = new ArrayList<>(problems);
        List<String> lines = new ArrayList<>();
        lines.add("Summary");
        lines.add(row("tasks", plan.size() + " scheduled: " + byStatus(plan, finals)));
        lines.add(row("workers", ranOn(finals)));
        lines.add(row("latency", latency(finals.values())));
        long retries = finals.values().stream()
                .mapToLong(t -> Math.max(0, t.getAttempt() - 1))
                .sum();
        long retried = finals.values().stream().filter(t -> t.getAttempt() > 1).count();
        lines.add(row(
                "retries",
                retries + " (" + retried + " of " + plan.count(DemoPlan.Expect.RETRIED_THEN_COMPLETED)
                        + " flaky tasks failed their first attempt and ran again)"));
        Task cancelled = finals.get(DemoPlan.LONG_TASK);
        if (cancelled != null && cancelled.getStatus() == TaskStatus.TASK_STATUS_CANCELLED) {
            lines.add(row(
                    "cancelled",
                    cancelled.getId() + ", while running on " + cancelled.getWorkerId() + " after "
                            + seconds(HumanText.millis(cancelled.getFinishedAt())
                                    - HumanText.millis(cancelled.getStartedAt()))));
        }
        lines.add(
                row("wall time", seconds(wall.toMillis()) + " (start the cluster, run every task, stop the cluster)"));
        for (DemoPlan.Planned planned : plan.tasks()) {
            String wrong = check(planned, finals.get(planned.id()));
            if (wrong != null) {
                trouble.add(planned.id() + ": expected " + planned.expect().text + ", " + wrong);
            }
        }
        return new DemoSummary(List.copyOf(lines), List.copyOf(trouble));
    }

    boolean ok() {
        return problems.isEmpty();
    }

    void print(PrintWriter out) {
        out.println();
        lines.forEach(out::println);
        out.println();
        if (ok()) {
            out.println("OK: every task ended as planned; the workers and the leader have stopped and the "
                    + "temporary data dir is deleted.");
        } else {
            out.println("NOT OK:");
            problems.forEach(p -> out.println("  - " + p));
            out.println("(run `workcluster demo --verbose` to see the leader's and workers' logs)");
        }
        out.flush();
    }

    /** Null when the task ended as planned, else what it did instead. */
    static String check(DemoPlan.Planned planned, Task task) {
        if (task == null) {
            return "but the leader does not know it";
        }
        String actual = "but it is " + HumanText.status(task.getStatus()) + " at attempt " + task.getAttempt() + "/"
                + task.getMaxAttempts()
                + (task.getError().isEmpty() ? "" : " (" + HumanText.shorten(task.getError(), 80) + ")");
        return switch (planned.expect()) {
            case COMPLETED -> task.getStatus() == TaskStatus.TASK_STATUS_COMPLETED ? null : actual;
            case RETRIED_THEN_COMPLETED ->
                task.getStatus() == TaskStatus.TASK_STATUS_COMPLETED && task.getAttempt() >= 2 ? null : actual;
            case CANCELLED_WHILE_RUNNING ->
                task.getStatus() == TaskStatus.TASK_STATUS_CANCELLED && task.hasStartedAt() ? null : actual;
        };
    }

    private static String byStatus(DemoPlan plan, Map<String, Task> finals) {
        Map<String, Long> counts = new TreeMap<>();
        for (String status : List.of("completed", "cancelled", "error")) {
            counts.put(status, 0L);
        }
        finals.values().forEach(t -> counts.merge(HumanText.status(t.getStatus()), 1L, Long::sum));
        long unknown = plan.size() - finals.size();
        String text = counts.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        return unknown == 0 ? text : text + ", " + unknown + " unknown";
    }

    private static String ranOn(Map<String, Task> finals) {
        Map<String, Long> perWorker = finals.values().stream()
                .filter(t -> !t.getWorkerId().isEmpty())
                .collect(Collectors.groupingBy(Task::getWorkerId, TreeMap::new, Collectors.counting()));
        return perWorker.isEmpty()
                ? "no task ran"
                : perWorker.entrySet().stream()
                        .map(e -> e.getKey() + " ran " + e.getValue())
                        .collect(Collectors.joining(", "));
    }

    /** From a task's creation to the start of its last attempt. */
    static String latency(java.util.Collection<Task> tasks) {
        long[] all = waits(tasks, null);
        if (all.length == 0) {
            return "no task started";
        }
        List<String> byPriority = new ArrayList<>();
        for (TaskPriority priority : List.of(
                TaskPriority.TASK_PRIORITY_HIGH, TaskPriority.TASK_PRIORITY_MEDIUM, TaskPriority.TASK_PRIORITY_LOW)) {
            long[] some = waits(tasks, priority);
            if (some.length > 0) {
                byPriority.add(HumanText.priority(priority) + " " + seconds(percentile(some, 50)));
            }
        }
        return "schedule → start p50 " + seconds(percentile(all, 50)) + ", p95 " + seconds(percentile(all, 95))
                + ", max " + seconds(all[all.length - 1]) + " (p50 by priority: " + String.join(", ", byPriority) + ")";
    }

    private static long[] waits(java.util.Collection<Task> tasks, TaskPriority priority) {
        return tasks.stream()
                .filter(Task::hasStartedAt)
                .filter(t -> priority == null || t.getPriority() == priority)
                .mapToLong(t -> Math.max(0, HumanText.millis(t.getStartedAt()) - HumanText.millis(t.getCreatedAt())))
                .sorted()
                .toArray();
    }

    /** Nearest rank of a sorted array. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    static String seconds(long millis) {
        return WatchLines.seconds(millis);
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "  %-10s %s", label, value);
    }

    @Override
    public String toString() {
        return String.join("\n", lines) + "\nproblems: " + Arrays.toString(problems.toArray());
    }
}
