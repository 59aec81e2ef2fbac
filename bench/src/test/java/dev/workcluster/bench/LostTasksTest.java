package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LostTasksTest {

    @Test
    void anAcknowledgedTaskNotCompletedIsLostWhateverItsStatus() {
        Map<String, TaskStatus> statuses = Map.of("done", TaskStatus.TASK_STATUS_COMPLETED,
                "waiting", TaskStatus.TASK_STATUS_PENDING, "failed", TaskStatus.TASK_STATUS_ERROR,
                "never-acknowledged", TaskStatus.TASK_STATUS_PENDING);

        LostTasks lost = LostTasks.find(List.of("done", "waiting", "failed", "vanished"), statuses);

        assertThat(lost.count()).isEqualTo(3);
        assertThat(lost.byStatus()).containsExactly(entry("error", 1L), entry("pending", 1L), entry("unknown", 1L));
        assertThat(lost.firstIds()).containsExactly("failed", "vanished", "waiting");
    }

    @Test
    void noneLostWhenEveryAcknowledgedTaskCompleted() {
        LostTasks lost = LostTasks.find(List.of("a", "b"),
                Map.of("a", TaskStatus.TASK_STATUS_COMPLETED, "b", TaskStatus.TASK_STATUS_COMPLETED));

        assertThat(lost.count()).isZero();
        assertThat(lost.byStatus()).isEmpty();
        assertThat(lost.firstIds()).isEmpty();
    }
}
