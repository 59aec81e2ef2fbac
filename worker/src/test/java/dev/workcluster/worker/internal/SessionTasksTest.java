package dev.workcluster.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How due outcomes leave: one per message, or together when the leader takes batches. */
class SessionTasksTest {
    private final OutcomeBuffer outcomes = new OutcomeBuffer();
    private final TaskRunner runner = new TaskRunner(1, context -> "r", (task, outcome) -> {});
    private final SessionTasks tasks = new SessionTasks(runner, outcomes);

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void withoutBatchesEachOutcomeIsAMessage() {
        finish(3);
        List<SessionRequest> messages = tasks.dueOutcomes(1, Duration.ofSeconds(2), false);
        assertThat(messages).hasSize(3).allMatch(SessionRequest::hasOutcome);
    }

    @Test
    void withBatchesDueOutcomesShareMessagesOfAtMost512() {
        finish(1_100);
        List<SessionRequest> messages = tasks.dueOutcomes(1, Duration.ofSeconds(2), true);
        assertThat(messages).allMatch(SessionRequest::hasOutcomes);
        assertThat(messages).extracting(m -> m.getOutcomes().getOutcomesCount()).containsExactly(512, 512, 76);
        assertThat(tasks.dueOutcomes(1, Duration.ofSeconds(2), true))
                .as("sent, not due again yet")
                .isEmpty();
    }

    @Test
    void aSingleDueOutcomeGoesAlone() {
        finish(1);
        assertThat(tasks.dueOutcomes(1, Duration.ofSeconds(2), true))
                .singleElement()
                .matches(SessionRequest::hasOutcome);
    }

    private void finish(int count) {
        for (int i = 0; i < count; i++) {
            outcomes.add(TaskOutcome.newBuilder()
                    .setTaskId("t" + i)
                    .setAttempt(1)
                    .setAssignment(1)
                    .setResult("r")
                    .build());
        }
    }
}
