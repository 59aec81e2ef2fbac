package dev.workcluster.leader.metrics;

import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.QueueLoad;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.TaskStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The cluster-wide task and member meters: registered while this node is the ready leader
 * and removed when it stops being one, so exactly one node of a group exports them (a
 * follower's copy of the state may trail, and summing the nodes would count every task three
 * times). Counters and histograms start from zero on each new leader, which Prometheus'
 * {@code rate()} and {@code increase()} read as a reset.
 */
final class LeaderOnlyMeters {
    /** Seconds, from 1 ms to about a minute: where schedule-to-start and short runs fall. */
    private static final double[] SLO_SECONDS = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    final DistributionSummary scheduleToStart;
    final DistributionSummary runTime;
    final Counter started;
    final Counter retries;
    final Counter requeuesMemberLost;
    final Counter requeuesHandedBack;
    /** One row per queue and status; queues come and go, so the rows are set again at each scrape. */
    private final MultiGauge queueTasks;

    private final GuardedState state;
    /** Set once removed: a scrape that read the meters just before must not bring rows back. */
    private boolean removed;

    LeaderOnlyMeters(MeterRegistry registry, GuardedState state, Clock clock) {
        this.registry = registry;
        this.state = state;
        this.queueTasks = MultiGauge.builder("workcluster_queue_tasks")
                .description("Unfinished tasks of each named queue, by status (pending, running, scheduled)")
                .register(registry);
        for (TaskStatus status : TaskStatus.values()) {
            gauge(Gauge.builder("workcluster_tasks", state, s -> s.read(c -> c.count(status)))
                    .description("Tasks the state holds, by status (finished ones until retention drops them)")
                    .tag("status", status.name().toLowerCase(Locale.ROOT)));
        }
        gauge(Gauge.builder(
                        "workcluster_oldest_pending_age_seconds",
                        state,
                        s -> s.read(c -> {
                            TaskRecord oldest = c.oldestPending();
                            return oldest == null ? 0 : Math.max(0, clock.millis() - oldest.readyMillis()) / 1000.0;
                        }))
                .description("How long the oldest pending task has waited since it was ready to run: scheduled, or its "
                        + "run_at came (0 when none waits)")
                .baseUnit("seconds"));
        for (String memberState : List.of("alive", "expired")) {
            boolean alive = memberState.equals("alive");
            gauge(Gauge.builder(
                            "workcluster_members",
                            state,
                            s -> s.read(c -> c.members().stream()
                                    .filter(m -> m.alive() == alive)
                                    .count()))
                    .description("Members (workers) the state holds, by state")
                    .tag("state", memberState));
        }
        gauge(slots("free", MemberRecord::freeSlots, state));
        gauge(slots("used", m -> m.slots() - m.freeSlots(), state));
        this.scheduleToStart = add(DistributionSummary.builder("workcluster_schedule_to_start_seconds")
                .description("From a task's (re)queueing to its start on a worker, as the leader committed them")
                .baseUnit("seconds")
                .serviceLevelObjectives(SLO_SECONDS)
                .register(registry));
        this.runTime = add(DistributionSummary.builder("workcluster_task_run_seconds")
                .description("From a run's start to its outcome, for runs that ended (completed or failed)")
                .baseUnit("seconds")
                .serviceLevelObjectives(SLO_SECONDS)
                .register(registry));
        this.started = add(Counter.builder("workcluster_tasks_started")
                .description("Runs started: assignments committed")
                .register(registry));
        this.retries = add(Counter.builder("workcluster_task_retries")
                .description("Failed attempts that were queued again for another attempt")
                .register(registry));
        this.requeuesMemberLost = add(requeues("member_lost"));
        this.requeuesHandedBack = add(requeues("handed_back"));
    }

    private Gauge.Builder<GuardedState> slots(
            String slotState, ToDoubleFunction<MemberRecord> count, GuardedState state) {
        return Gauge.builder(
                        "workcluster_slots",
                        state,
                        s -> s.read(c -> c.members().stream()
                                .filter(MemberRecord::alive)
                                .mapToDouble(count)
                                .sum()))
                .description("Task slots of the alive members, free or used")
                .tag("state", slotState);
    }

    private Counter requeues(String cause) {
        return Counter.builder("workcluster_task_requeues")
                .description("Runs that ended without an outcome and were queued again for the same attempt")
                .tag("cause", cause)
                .register(registry);
    }

    private void gauge(Gauge.Builder<?> builder) {
        meters.add(builder.register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Sets the per-queue rows to the queues that exist now (at most 1,000, three rows each). */
    synchronized void refreshQueues() {
        if (removed) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (QueueLoad queue : state.read(c -> c.queues())) {
            Tags tags = Tags.of("queue", queue.settings().name());
            rows.add(MultiGauge.Row.of(tags.and("status", "pending"), queue.pending()));
            rows.add(MultiGauge.Row.of(tags.and("status", "running"), queue.running()));
            rows.add(MultiGauge.Row.of(tags.and("status", "scheduled"), queue.scheduled()));
        }
        queueTasks.register(rows, true);
    }

    /** Takes them out of the registry: this node is not the leader anymore. */
    synchronized void remove() {
        removed = true;
        queueTasks.register(List.of(), true);
        meters.forEach(registry::remove);
    }
}
