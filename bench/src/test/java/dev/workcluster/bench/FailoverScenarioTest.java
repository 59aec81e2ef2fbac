package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.QuietLogs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The failover scenario in a short form: three real leader processes, one of them killed with SIGKILL. */
class FailoverScenarioTest {

    @Test
    void killingTheRaftLeaderUnderLoadLosesNoAcknowledgedTask() throws Exception {
        FailoverScenario.Plan plan =
                new FailoverScenario.Plan(100, Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(30));

        Map<String, Object> figures;
        try (QuietLogs quiet = QuietLogs.errorsOnly()) {
            figures = FailoverScenario.run(plan, new BenchReport("failover")).fields();
        }

        assertThat(figures.get("kill_signal")).isEqualTo("SIGKILL (exit 137)");
        assertThat(figures.get("new_leader")).isNotNull().isNotEqualTo(figures.get("killed_leader"));
        assertThat(figures.get("first_elected")).isNotNull().isNotEqualTo(figures.get("killed_leader"));
        assertThat((Double) figures.get("sessions_back_ms"))
                .as("every worker's session on the node that leads after the kill")
                .isPositive();
        assertThat((Long) figures.get("tasks_acknowledged")).isPositive();
        assertThat(figures.get("drained")).isEqualTo(true);
        assertThat(figures.get("lost_tasks"))
                .as("acknowledged tasks that never completed: %s", figures)
                .isEqualTo(0L);
        assertThat((Double) figures.get("resume_ms"))
                .as("a task started under the new leader")
                .isPositive();
    }

    @Test
    void isRegisteredUnderItsName() {
        assertThat(Scenarios.all()).containsKey("failover");
    }
}
