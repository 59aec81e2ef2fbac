package dev.workcluster.cli.demo;

import dev.workcluster.proto.scheduler.v1.TaskPriority;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's tasks: one long task that gets cancelled while it runs, a few flaky tasks
 * that fail their first attempt, and the rest plain sleeps of 0.3 to 1.2 s, the three
 * priorities taking turns. Deterministic, so every run tells the same story.
 */
record DemoPlan(List<Planned> tasks) {
    static final String LONG_TASK = "demo-long";
    static final int MAX_ATTEMPTS = 3;

    enum Expect {
        COMPLETED("completed"),
        RETRIED_THEN_COMPLETED("completed after a retry"),
        CANCELLED_WHILE_RUNNING("cancelled while running");

        final String text;

        Expect(String text) {
            this.text = text;
        }
    }

    record Planned(String id, TaskPriority priority, String payload, long millis, Expect expect) {}

    private static final TaskPriority[] PRIORITIES = {
        TaskPriority.TASK_PRIORITY_HIGH, TaskPriority.TASK_PRIORITY_MEDIUM, TaskPriority.TASK_PRIORITY_LOW
    };

    static DemoPlan of(int count) {
        if (count < 3) {
            throw new IllegalArgumentException("the demo needs at least 3 tasks, got " + count);
        }
        List<Planned> tasks = new ArrayList<>();
        tasks.add(new Planned(
                LONG_TASK, TaskPriority.TASK_PRIORITY_HIGH, "sleep 60s", 60_000, Expect.CANCELLED_WHILE_RUNNING));
        String format = "demo-%0" + String.valueOf(count - 1).length() + "d";
        for (int i = 1; i < count; i++) {
            boolean flaky = i % 7 == 2;
            long millis = 300 + (i * 7L % 10) * 100;
            String id = String.format(Locale.ROOT, format, i) + (flaky ? "-flaky" : "");
            String sleep = "sleep " + millis + "ms";
            tasks.add(new Planned(
                    id,
                    PRIORITIES[i % 3],
                    flaky ? "flaky " + sleep : sleep,
                    millis,
                    flaky ? Expect.RETRIED_THEN_COMPLETED : Expect.COMPLETED));
        }
        return new DemoPlan(List.copyOf(tasks));
    }

    int size() {
        return tasks.size();
    }

    long count(Expect expect) {
        return tasks.stream().filter(t -> t.expect() == expect).count();
    }

    /** The sleeping the tasks that finish do, in total. */
    long workMillis() {
        return tasks.stream()
                .filter(t -> t.expect() != Expect.CANCELLED_WHILE_RUNNING)
                .mapToLong(
                        t -> t.millis() + (t.expect() == Expect.RETRIED_THEN_COMPLETED ? DemoHandler.FLAKY_MILLIS : 0))
                .sum();
    }
}
