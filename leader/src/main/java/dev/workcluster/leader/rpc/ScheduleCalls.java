package dev.workcluster.leader.rpc;

import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.schedules.FireTimes;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.DeleteSchedule;
import dev.workcluster.leader.state.proto.SetSchedulePaused;
import dev.workcluster.leader.state.proto.StoredSchedule;
import dev.workcluster.proto.scheduler.v1.CreateScheduleRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesResponse;
import dev.workcluster.proto.scheduler.v1.OverlapPolicy;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import dev.workcluster.proto.scheduler.v1.RecurringScheduleResponse;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The recurring-schedule calls of scheduler.v1.SchedulerService: validate, propose, map. */
final class ScheduleCalls {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1_000;
    static final int MAX_PAGE_BYTES = 2 << 20;

    private final GuardedState state;
    private final Proposer proposer;
    private final NewSchedules newSchedules;

    ScheduleCalls(GuardedState state, Proposer proposer, NewTasks newTasks) {
        this.state = state;
        this.proposer = proposer;
        this.newSchedules = new NewSchedules(newTasks, proposer.clock()::millis);
    }

    CompletableFuture<RecurringScheduleResponse> create(CreateScheduleRequest request) {
        if (!request.hasSchedule()) {
            throw Requests.invalid("schedule is required");
        }
        return propose(Command.newBuilder().setCreateSchedule(newSchedules.command(request.getSchedule())));
    }

    CompletableFuture<RecurringScheduleResponse> pause(String requestId) {
        String id = NewSchedules.id("id", requestId);
        return propose(Command.newBuilder()
                .setSetSchedulePaused(SetSchedulePaused.newBuilder().setId(id).setPaused(true)));
    }

    /** From the next fire time after now: the ones that passed while it was paused do not fire. */
    CompletableFuture<RecurringScheduleResponse> resume(String requestId) {
        String id = NewSchedules.id("id", requestId);
        StoredSchedule schedule = existing(id);
        long next = FireTimes.of(schedule).firstAfter(proposer.clock().millis());
        return propose(Command.newBuilder()
                .setSetSchedulePaused(SetSchedulePaused.newBuilder().setId(id).setNextFireMillis(next)));
    }

    CompletableFuture<RecurringScheduleResponse> delete(String requestId) {
        String id = NewSchedules.id("id", requestId);
        return propose(Command.newBuilder()
                .setDeleteSchedule(DeleteSchedule.newBuilder().setId(id)));
    }

    GetSchedulesResponse get(GetSchedulesRequest request) {
        if (!request.getId().isEmpty()) {
            StoredSchedule schedule = existing(NewSchedules.id("id", request.getId()));
            return GetSchedulesResponse.newBuilder().addSchedules(api(schedule)).build();
        }
        long asked = Integer.toUnsignedLong(request.getLimit()); // uint32: above 2^31 it reads negative
        if (asked > MAX_PAGE) {
            throw Requests.invalid("limit " + asked + " is over the limit of " + MAX_PAGE);
        }
        int limit = request.getLimit() == 0 ? DEFAULT_PAGE : request.getLimit();
        List<StoredSchedule> page = state.read(s -> s.schedulesAfter(request.getAfterId(), limit + 1));
        GetSchedulesResponse.Builder response = GetSchedulesResponse.newBuilder();
        int bytes = 0;
        for (StoredSchedule schedule : page) {
            RecurringSchedule listed = api(schedule);
            if (response.getSchedulesCount() == limit
                    || (response.getSchedulesCount() > 0 && bytes + listed.getSerializedSize() > MAX_PAGE_BYTES)) {
                return response.setNextAfterId(response.getSchedules(response.getSchedulesCount() - 1)
                                .getId())
                        .build();
            }
            response.addSchedules(listed);
            bytes += listed.getSerializedSize();
        }
        return response.build();
    }

    private StoredSchedule existing(String id) {
        StoredSchedule schedule = state.read(s -> s.schedule(id));
        if (schedule == null) {
            throw Status.NOT_FOUND
                    .withDescription("schedule " + Requests.quote(id) + " not found")
                    .asRuntimeException();
        }
        return schedule;
    }

    private CompletableFuture<RecurringScheduleResponse> propose(Command.Builder command) {
        return proposer.propose(command).thenApply(result -> {
            CommandResult accepted = StatusMapping.accepted(result);
            return RecurringScheduleResponse.newBuilder()
                    .setSchedule(api(accepted.getSchedule()))
                    .build();
        });
    }

    static RecurringSchedule api(StoredSchedule stored) {
        RecurringSchedule.Builder schedule = RecurringSchedule.newBuilder()
                .setId(stored.getId())
                .setCron(stored.getCron())
                .setTimeZone(stored.getTimeZone())
                .setTask(ApiMapping.template(stored.getTask()))
                .setOverlap(OverlapPolicy.forNumber(stored.getOverlap()))
                .setMaxCatchUp(stored.getMaxCatchUp())
                .setPaused(stored.getPaused())
                .setLastTaskId(stored.getLastTaskId())
                .setFired(stored.getFired())
                .setSkipped(stored.getSkipped())
                .setMissed(stored.getMissed())
                .setCreatedAt(ApiMapping.timestamp(stored.getCreatedMillis()))
                .setLastError(stored.getLastError());
        if (stored.getEveryMillis() > 0) {
            schedule.setEvery(ApiMapping.duration(stored.getEveryMillis()));
        }
        if (!stored.getPaused() && stored.getNextFireMillis() != FireTimes.NEVER) {
            schedule.setNextFireAt(ApiMapping.timestamp(stored.getNextFireMillis()));
        }
        if (stored.getLastFiredMillis() > 0) {
            schedule.setLastFiredAt(ApiMapping.timestamp(stored.getLastFiredMillis()));
        }
        return schedule.build();
    }
}
