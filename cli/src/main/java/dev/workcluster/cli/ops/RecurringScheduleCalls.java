package dev.workcluster.cli.ops;

import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.CreateScheduleRequest;
import dev.workcluster.proto.scheduler.v1.DeleteScheduleRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesRequest;
import dev.workcluster.proto.scheduler.v1.GetSchedulesResponse;
import dev.workcluster.proto.scheduler.v1.PauseScheduleRequest;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import dev.workcluster.proto.scheduler.v1.ResumeScheduleRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc.SchedulerServiceBlockingStub;
import java.util.function.Function;

/**
 * The recurring-schedule calls of SchedulerService, made through {@link WorkClient#call}: each is
 * tried again, on the next address, when one gives no answer. Creating the same definition twice
 * returns the stored one and pausing or resuming twice changes nothing, so those retries are safe;
 * a delete whose answer was lost answers NOT_FOUND when retried, the schedule gone all the same.
 */
final class RecurringScheduleCalls {
    /** The most a page of GetSchedules holds. */
    static final int MAX_PAGE = 1_000;

    private final WorkClient client;

    RecurringScheduleCalls(WorkClient client) {
        this.client = client;
    }

    RecurringSchedule create(RecurringSchedule schedule) {
        CreateScheduleRequest request =
                CreateScheduleRequest.newBuilder().setSchedule(schedule).build();
        return call(
                "create schedule " + schedule.getId(),
                stub -> stub.createSchedule(request).getSchedule());
    }

    RecurringSchedule get(String id) {
        GetSchedulesRequest request = GetSchedulesRequest.newBuilder().setId(id).build();
        return call("read schedule " + id, stub -> stub.getSchedules(request).getSchedules(0));
    }

    /** Every schedule, in id order, following next_after_id to the last page. */
    GetSchedulesResponse all(int pageSize) {
        GetSchedulesResponse.Builder all = GetSchedulesResponse.newBuilder();
        String after = "";
        do {
            GetSchedulesRequest request = GetSchedulesRequest.newBuilder()
                    .setAfterId(after)
                    .setLimit(pageSize)
                    .build();
            GetSchedulesResponse page = call("list schedules", stub -> stub.getSchedules(request));
            all.addAllSchedules(page.getSchedulesList());
            after = page.getNextAfterId();
        } while (!after.isEmpty());
        return all.build();
    }

    RecurringSchedule pause(String id) {
        PauseScheduleRequest request =
                PauseScheduleRequest.newBuilder().setId(id).build();
        return call("pause schedule " + id, stub -> stub.pauseSchedule(request).getSchedule());
    }

    RecurringSchedule resume(String id) {
        ResumeScheduleRequest request =
                ResumeScheduleRequest.newBuilder().setId(id).build();
        return call(
                "resume schedule " + id, stub -> stub.resumeSchedule(request).getSchedule());
    }

    RecurringSchedule delete(String id) {
        DeleteScheduleRequest request =
                DeleteScheduleRequest.newBuilder().setId(id).build();
        return call(
                "delete schedule " + id, stub -> stub.deleteSchedule(request).getSchedule());
    }

    private <T> T call(String what, Function<SchedulerServiceBlockingStub, T> call) {
        return client.call(what, channel -> call.apply(SchedulerServiceGrpc.newBlockingStub(channel)));
    }
}
