package dev.workcluster.leader.schedules;

import dev.workcluster.leader.cluster.DueTimes;
import dev.workcluster.leader.raft.Leadership;
import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.StoredSchedule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The Raft leader's timer per recurring schedule (soft state): armed for each running schedule's
 * next fire time when this node becomes leader, and again whenever an applied entry changes a
 * schedule. A schedule that falls due goes to {@code onDue}, which proposes its firing; a new leader
 * finds the fire times its predecessor did not fire already passed, and fires them at once.
 */
public final class ScheduleTimers implements Leadership {
    private final DueTimes<String> due;
    private final GuardedState state;
    private final LongSupplier wallMillis;
    private volatile boolean active;

    public ScheduleTimers(
            ScheduledExecutorService timers,
            LongSupplier wallMillis,
            GuardedState state,
            Consumer<List<String>> onDue) {
        this.due = new DueTimes<>(timers, wallMillis, onDue);
        this.state = state;
        this.wallMillis = wallMillis;
    }

    @Override
    public void leaderReady() {
        state.read(s -> {
            due.clear();
            active = true;
            s.schedules().forEach(this::arm);
            return null;
        });
    }

    @Override
    public void leadershipLost() {
        active = false;
        due.clear();
    }

    /** An entry was applied (apply thread, under the write lock): re-arms the schedules it touched. */
    public void applied(ClusterState s, CommandBatch batch) {
        if (!active) {
            return;
        }
        for (Command command : batch.getCommandsList()) {
            String id = switch (command.getKindCase()) {
                case CREATE_SCHEDULE ->
                    command.getCreateSchedule().getSchedule().getId();
                case SET_SCHEDULE_PAUSED -> command.getSetSchedulePaused().getId();
                case DELETE_SCHEDULE -> command.getDeleteSchedule().getId();
                case FIRE_SCHEDULE -> command.getFireSchedule().getId();
                default -> null;
            };
            if (id != null) {
                StoredSchedule schedule = s.schedule(id);
                if (schedule == null) {
                    due.cancel(id);
                } else {
                    arm(schedule);
                }
            }
        }
    }

    /** The whole state was replaced (a snapshot was installed). */
    public void replaced(ClusterState s) {
        if (active) {
            due.clear();
            s.schedules().forEach(this::arm);
        }
    }

    /** Looks at the schedule again after {@code after}, as when its firing did not commit. */
    public void retry(String id, Duration after) {
        if (active) {
            due.set(id, wallMillis.getAsLong() + after.toMillis());
        }
    }

    /** Schedules with a timer now, for tests and status. */
    public int armed() {
        return due.size();
    }

    public boolean active() {
        return active;
    }

    void arm(StoredSchedule schedule) {
        if (schedule.getPaused() || schedule.getNextFireMillis() == FireTimes.NEVER) {
            due.cancel(schedule.getId());
        } else {
            due.set(schedule.getId(), schedule.getNextFireMillis());
        }
    }
}
