package dev.workcluster.leader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void aScheduledTaskIsListedAsPending() throws Exception {
        try (LeaderFixture leader = LeaderFixture.start(dir)) {
            leader.scheduler()
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(Task.newBuilder().setId("1").setPayload("do some work"))
                            .build());
            var tasks = leader.scheduler()
                    .getTasks(GetTasksRequest.getDefaultInstance())
                    .getTasksList();
            assertThat(tasks).singleElement().satisfies(t -> {
                assertThat(t.getId()).isEqualTo("1");
                assertThat(t.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_PENDING);
                assertThat(t.getAttempt()).isEqualTo(1);
                assertThat(t.getMaxAttempts()).isEqualTo(3);
            });
        }
    }
}
