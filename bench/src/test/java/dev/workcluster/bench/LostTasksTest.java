package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LostTasksTest {

    private static Task record(String id, TaskStatus status, int attempt, String error) {
        return Task.newBuilder()
                .setId(id)
                .setStatus(status)
                .setAttempt(attempt)
                .setError(error)
                .build();
    }

    @Test
    void anAcknowledgedTaskNotCompletedIsLostWhateverItsStatus() {
        Map<String, Task> records = Map.of(
                "done", record("done", TaskStatus.TASK_STATUS_COMPLETED, 1, ""),
                "waiting", record("waiting", TaskStatus.TASK_STATUS_PENDING, 2, ""),
                "failed", record("failed", TaskStatus.TASK_STATUS_ERROR, 3, "worker expired"),
                "never-acknowledged", record("never-acknowledged", TaskStatus.TASK_STATUS_PENDING, 1, ""));

        LostTasks lost = LostTasks.find(List.of("done", "waiting", "failed", "vanished"), records);

        assertThat(lost.count()).isEqualTo(3);
        assertThat(lost.byStatus()).containsExactly(entry("error", 1L), entry("pending", 1L), entry("unknown", 1L));
        assertThat(lost.first())
                .containsExactly(
                        "failed error attempt 3 error: worker expired",
                        "vanished unknown",
                        "waiting pending attempt 2");
    }

    @Test
    void noneLostWhenEveryAcknowledgedTaskCompleted() {
        LostTasks lost = LostTasks.find(
                List.of("a", "b"),
                Map.of(
                        "a", record("a", TaskStatus.TASK_STATUS_COMPLETED, 1, ""),
                        "b", record("b", TaskStatus.TASK_STATUS_COMPLETED, 2, "")));

        assertThat(lost.count()).isZero();
        assertThat(lost.byStatus()).isEmpty();
        assertThat(lost.first()).isEmpty();
    }
}
