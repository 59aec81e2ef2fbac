package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.workcluster.proto.scheduler.v1.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewLeaderResumeTest {
    private static final long GONE_AT_MILLIS = 1_000_000;

    private static Task record(String id, int attempt, long startedMillis) {
        return Task.newBuilder()
                .setId(id)
                .setAttempt(attempt)
                .setStartedAt(Timestamp.newBuilder()
                        .setSeconds(startedMillis / 1000)
                        .setNanos((int) (startedMillis % 1000) * 1_000_000))
                .build();
    }

    @Test
    void skipsStartsTheOldLeaderAssignedBeforeItDied() {
        Map<String, Task> records = Map.of(
                "in-flight", record("in-flight", 1, GONE_AT_MILLIS - 3),
                "requeued", record("requeued", 2, GONE_AT_MILLIS + 1_500),
                "new", record("new", 1, GONE_AT_MILLIS + 1_200));
        List<TaskLedger.Start> starts = List.of(
                new TaskLedger.Start("in-flight", 1, 10),
                new TaskLedger.Start("requeued", 1, 20), // its first attempt, from the old leader
                new TaskLedger.Start("new", 1, 30),
                new TaskLedger.Start("requeued", 2, 40));

        assertThat(NewLeaderResume.first(starts, GONE_AT_MILLIS, records::get))
                .contains(new TaskLedger.Start("new", 1, 30));
    }

    @Test
    void emptyWhenNoStartCameFromTheNewLeader() {
        Map<String, Task> records = Map.of("old", record("old", 1, GONE_AT_MILLIS));

        assertThat(NewLeaderResume.first(List.of(new TaskLedger.Start("old", 1, 5)), GONE_AT_MILLIS, records::get))
                .isEmpty();
        assertThat(NewLeaderResume.first(List.of(), GONE_AT_MILLIS, records::get))
                .isEmpty();
    }
}
