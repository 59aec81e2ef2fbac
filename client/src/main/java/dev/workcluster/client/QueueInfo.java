package dev.workcluster.client;

import java.util.Objects;

/**
 * A named queue as the cluster holds it: its settings and the tasks in it now. A task waits in the queue it names
 * ({@link TaskSpec#withQueue}, {@code "default"} when it names none); free worker slots are shared between the
 * queues with waiting tasks by weight (the next start goes to the queue with the fewest running tasks per unit of
 * weight), and a queue never runs more than {@code maxRunning} tasks at once. A queue exists while it is configured
 * ({@link WorkClient#setQueue}) or holds unfinished tasks.
 *
 * <pre>{@code
 * QueueInfo emails = client.setQueue("emails", 3, 20); // three times the default share, at most 20 at once
 * client.queues().forEach(q -> System.out.println(q.name() + ": " + q.pending() + " waiting"));
 * }</pre>
 *
 * @param name       1 to 63 letters, digits and {@code . _ -}
 * @param weight     its share of the free slots against the other queues with waiting tasks, 1 to 1,000 (default 1)
 * @param maxRunning how many of its tasks may run at once, at most 1,000,000; 0 (the default): no limit
 * @param pending    its tasks waiting to start
 * @param running    its tasks running now
 * @param scheduled  its tasks waiting for their run-at time
 */
public record QueueInfo(String name, int weight, int maxRunning, int pending, int running, int scheduled) {
    /** The most weight a queue may have. */
    public static final int MAX_WEIGHT = 1_000;

    /** The highest running limit a queue may have (0 is none). */
    public static final int MAX_RUNNING_LIMIT = 1_000_000;

    public QueueInfo {
        Objects.requireNonNull(name, "name");
    }

    /** Whether it has a running limit ({@code maxRunning} above 0). */
    public boolean limited() {
        return maxRunning > 0;
    }
}
