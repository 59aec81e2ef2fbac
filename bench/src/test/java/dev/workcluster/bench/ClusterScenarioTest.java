package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The cluster scenario in a small form: leader, {@code workcluster worker} and client processes, one
 * node and then a three-node group. Its workers are the CLI's worker command, which the bench's class
 * path holds since the bench depends on the CLI.
 */
class ClusterScenarioTest {
    private static final int TASKS = 200;
    private static final int UNARY_CALLS = 200;

    @Test
    void everyTaskOfTheBurstCompletesOnBothDeploymentsAndEveryProcessIsGoneAfterwards() throws Exception {
        Set<Long> before = descendants();
        ClusterScenario.Plan plan =
                new ClusterScenario.Plan(TASKS, UNARY_CALLS, 2, 4, Duration.ofSeconds(30), Duration.ofMinutes(2));

        Map<String, Object> report = ClusterScenario.run(
                        plan,
                        Environment.header(
                                new BenchReport("cluster"), new BenchOptions(true, BenchOptions.DEFAULT_RATE)))
                .fields();

        assertThat(report)
                .containsKeys(
                        "load_average_at_start",
                        "single_node_tasks_per_s",
                        "three_node_tasks_per_s",
                        "unary_submit_per_s",
                        "unary_submit_p50_ms",
                        "unary_submit_p99_ms",
                        "cpu_us_per_task");
        for (String deployment : new String[] {"single_node", "three_node"}) {
            String figures = deployment + ": " + report;
            assertThat(report.get(deployment + "_acknowledged")).as(figures).isEqualTo((long) TASKS);
            assertThat(report.get(deployment + "_completed")).as(figures).isEqualTo((long) TASKS);
            assertThat(report.get(deployment + "_lost")).as(figures).isEqualTo(0L);
            assertThat(report.get(deployment + "_all_finished")).isEqualTo(true);
            assertThat((Double) report.get(deployment + "_tasks_per_s")).isPositive();
        }
        assertThat(report).containsKey("three_node_raft_leader_changed");
        assertThat(report.get("unary_errors")).as("%s", report).isEqualTo(0L);
        assertThat((Double) report.get("unary_submit_per_s")).isPositive();
        assertThat((Double) report.get("unary_submit_p99_ms"))
                .isGreaterThanOrEqualTo((Double) report.get("unary_submit_p50_ms"));
        @SuppressWarnings("unchecked")
        Map<String, Object> cpu = (Map<String, Object>) report.get("cpu_us_per_task");
        assertThat(cpu).containsOnlyKeys("single_node", "three_node", "three_node_raft_leader");
        assertThat(descendants())
                .as("leader, worker and client processes left running")
                .isEqualTo(before);
    }

    @Test
    void isRegisteredUnderItsName() {
        assertThat(Scenarios.all()).containsKey("cluster");
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }
}
