package dev.workcluster.leader.schedules;

import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.scheduler.WorkerDeliveries;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.FireSchedule;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.StoredSchedule;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the schedules {@link ScheduleTimers} saw fall due: one {@code FireSchedule} each, stamped with
 * the leader's clock and carrying the fire times the leader computed. A firing that does not commit is
 * looked at again a second later; one that commits re-arms its schedule from the applied state. When
 * the overlap policy cancelled a running task, it is stopped on its worker the way a cancel stops it.
 */
public final class ScheduleFirings {
    private static final Logger log = LoggerFactory.getLogger(ScheduleFirings.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final GuardedState state;
    private final Proposer proposer;
    private final WorkerDeliveries deliveries;
    private final BooleanSupplier leading;
    private volatile ScheduleTimers timers;

    public ScheduleFirings(
            GuardedState state, Proposer proposer, WorkerDeliveries deliveries, BooleanSupplier leading) {
        this.state = state;
        this.proposer = proposer;
        this.deliveries = deliveries;
        this.leading = leading;
    }

    /** The timers to re-arm when a firing fails; set once, before any schedule can fall due. */
    public void timers(ScheduleTimers scheduleTimers) {
        this.timers = scheduleTimers;
    }

    /** Called by {@link ScheduleTimers} with the schedules whose next fire time has come. */
    public void due(List<String> ids) {
        if (!leading.getAsBoolean()) {
            return;
        }
        long now = proposer.clock().millis();
        for (String id : ids) {
            StoredSchedule schedule = state.read(s -> s.schedule(id));
            if (schedule == null || schedule.getPaused()) {
                continue;
            }
            if (schedule.getNextFireMillis() > now) {
                timers.arm(schedule); // the timer fired early
                continue;
            }
            fire(schedule, now);
        }
    }

    private void fire(StoredSchedule schedule, long now) {
        FireTimes.Firing firing;
        try {
            firing =
                    FireTimes.of(schedule).at(schedule.getNextFireMillis(), now, Math.max(1, schedule.getMaxCatchUp()));
        } catch (IllegalArgumentException e) { // a zone this JVM's rules no longer know
            log.error("event=schedule_unreadable schedule={} error=\"{}\"", schedule.getId(), e.getMessage());
            return;
        }
        FireSchedule command = FireSchedule.newBuilder()
                .setId(schedule.getId())
                .setExpectedNextFireMillis(schedule.getNextFireMillis())
                .addAllFireMillis(firing.fire())
                .setMissed(firing.missed())
                .setNextFireMillis(firing.next())
                .build();
        proposer.propose(Command.newBuilder().setFireSchedule(command)).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("event=schedule_fire_failed schedule={} error={}", schedule.getId(), error.toString());
                timers.retry(schedule.getId(), RETRY);
            } else {
                fired(command, result);
            }
        });
    }

    private void fired(FireSchedule command, CommandResult result) {
        if (result.getCode() != ResultCode.RESULT_CODE_OK) {
            log.info("event=schedule_fire_stale schedule={} reason=\"{}\"", command.getId(), result.getMessage());
            return;
        }
        StoredSchedule after = result.getSchedule();
        log.info(
                "event=schedule_fired schedule={} fire_times={} tasks={} missed={} next_fire_millis={} last_error=\"{}\"",
                command.getId(),
                command.getFireMillisCount(),
                result.getTasksCount(),
                command.getMissed(),
                after.getNextFireMillis(),
                after.getLastError());
        if (!result.getStopMemberId().isEmpty()) {
            deliveries.stopWork(
                    result.getStopMemberId(),
                    result.getStopAddress(),
                    result.getTask().getId(),
                    result.getTask().getAttempt(),
                    result.getTask().getAssignment(),
                    "cancelled: schedule " + command.getId() + " fired again (overlap policy cancel-previous)");
        }
    }
}
