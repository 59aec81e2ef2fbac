package dev.workcluster.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real deployment made of processes, measured from an outside gRPC client: one leader process,
 * then a three-node group, each with {@code workcluster worker} processes (sleep handler, payload
 * {@code sleep 0s}) and a client process. The client submits a burst of tasks with ScheduleTasks
 * ({@value #BATCH} per call, {@value #OUTSTANDING} calls in flight) and waits until the cluster has
 * finished them: tasks per second from the first submit to the last completion, and the leader
 * processes' CPU per task. Against the single node it also measures the seed's unary ScheduleTask
 * from {@value #UNARY_CALLERS} callers at once.
 */
public final class ClusterScenario extends Scenario {
    static final int BATCH = 100;
    static final int OUTSTANDING = 8;
    static final int UNARY_CALLERS = 64;
    /** What the client process may take beyond the plan's cap: connecting, and reading back every task. */
    private static final Duration ANSWER_MARGIN = Duration.ofMinutes(2);

    /**
     * How big a run is.
     *
     * @param tasks      the burst each deployment gets
     * @param unaryCalls ScheduleTask calls against the single node
     * @param stall      a burst is given up when no task finished for this long
     * @param cap        a burst is given up after this long in any case
     */
    public record Plan(int tasks, int unaryCalls, int workers, int slots, Duration stall, Duration cap) {
        static final Plan FULL = new Plan(20_000, 4_000, 4, 16, Duration.ofSeconds(60), Duration.ofMinutes(15));
        static final Plan QUICK = new Plan(5_000, 1_000, 4, 16, Duration.ofSeconds(60), Duration.ofMinutes(5));
    }

    public ClusterScenario() {
        super(
                "cluster",
                "leader, worker and client processes: tasks/s end to end on one node and on a 3-node group, "
                        + "unary ScheduleTask calls/s and latency");
    }

    @Override
    public BenchReport run(BenchOptions options) throws Exception {
        return run(options.quick() ? Plan.QUICK : Plan.FULL, Environment.header(new BenchReport(name()), options));
    }

    /** Runs both deployments one after the other and adds their figures to {@code report}. */
    public static BenchReport run(Plan plan, BenchReport report) throws Exception {
        report.put("workers", plan.workers())
                .put("slots_per_worker", plan.slots())
                .put("payload", BatchSubmit.PAYLOAD)
                .put("tasks", plan.tasks())
                .put("batch", BATCH)
                .put("outstanding_calls", OUTSTANDING)
                .put("leader_jvm_options", String.join(" ", ClusterDeployment.NODE_JVM_OPTIONS));
        // leader processes only (workers and client excluded); three_node is the whole group's cost of a task,
        // three_node_raft_leader the share of the node the client and the workers talk to
        Map<String, Object> cpuPerTask = new LinkedHashMap<>();
        try (ClusterDeployment single = ClusterDeployment.start("cluster-1", 1, plan.workers(), plan.slots())) {
            burst(single, plan, "single_node", report, cpuPerTask);
            unary(single, plan, report);
            single.checkWorkers();
        }
        try (ClusterDeployment three = ClusterDeployment.start("cluster-3", 3, plan.workers(), plan.slots())) {
            burst(three, plan, "three_node", report, cpuPerTask);
            three.checkWorkers();
        }
        return report.put("cpu_us_per_task", cpuPerTask);
    }

    /** The client's burst; puts {@code PREFIX_*} figures, and the leader nodes' CPU µs per task. */
    private static void burst(
            ClusterDeployment deployment, Plan plan, String prefix, BenchReport report, Map<String, Object> cpuPerTask)
            throws Exception {
        Duration cpuFrom = deployment.leaderCpu();
        Duration raftLeaderCpuFrom = deployment.raftLeaderCpu();
        Map<String, Object> burst = deployment
                .client()
                .run(
                        String.join(
                                " ",
                                "batch",
                                Integer.toString(plan.tasks()),
                                Integer.toString(BATCH),
                                Integer.toString(OUTSTANDING),
                                Long.toString(plan.stall().toMillis()),
                                Long.toString(plan.cap().toMillis())),
                        plan.cap().plus(ANSWER_MARGIN));
        Duration cpuTo = deployment.leaderCpu();
        Duration raftLeaderCpuTo = deployment.raftLeaderCpu();
        long completed = number(burst, "completed");
        double elapsed = (Double) burst.get("elapsed_s");
        boolean allFinished = (Boolean) burst.get("all_finished");
        report.put(prefix + "_tasks_per_s", allFinished ? Math.round(completed / elapsed * 10) / 10.0 : null)
                .put(prefix + "_elapsed_s", Percentiles.round(elapsed))
                .put(prefix + "_submit_s", Percentiles.round((Double) burst.get("submit_s")))
                .put(prefix + "_acknowledged", number(burst, "acknowledged"))
                .put(prefix + "_completed", completed)
                .put(prefix + "_lost", number(burst, "lost"))
                .put(prefix + "_rejected", number(burst, "rejected"))
                .put(prefix + "_submits_retried", number(burst, "retried"))
                .put(prefix + "_all_finished", allFinished);
        if (burst.containsKey("first_error")) {
            report.put(prefix + "_first_error", burst.get("first_error"));
        }
        long acknowledged = number(burst, "acknowledged");
        cpuPerTask.put(prefix, microsPerTask(cpuFrom, cpuTo, acknowledged));
        if (deployment.nodes() > 1) {
            cpuPerTask.put(prefix + "_raft_leader", microsPerTask(raftLeaderCpuFrom, raftLeaderCpuTo, acknowledged));
            // an election during the burst costs time, and moves the load to another node
            report.put(prefix + "_raft_leader_changed", !deployment.raftLeaderUnchanged());
        }
    }

    private static Long microsPerTask(Duration from, Duration to, long tasks) {
        return from == null || to == null || tasks == 0
                ? null
                : Math.round(to.minus(from).toNanos() / 1e3 / tasks);
    }

    private static void unary(ClusterDeployment deployment, Plan plan, BenchReport report) throws Exception {
        Map<String, Object> unary = deployment
                .client()
                .run(
                        "unary " + plan.unaryCalls() + " " + UNARY_CALLERS,
                        plan.cap().plus(ANSWER_MARGIN));
        report.put("unary_calls", plan.unaryCalls())
                .put("unary_callers", UNARY_CALLERS)
                .put("unary_submit_per_s", Math.round((Double) unary.get("per_s") * 10) / 10.0)
                .put("unary_submit_p50_ms", unary.get("p50_ms"))
                .put("unary_submit_p99_ms", unary.get("p99_ms"))
                .put("unary_submit_p999_ms", unary.get("p999_ms"))
                .put("unary_errors", number(unary, "errors"));
        if (unary.containsKey("first_error")) {
            report.put("unary_first_error", unary.get("first_error"));
        }
    }

    /** A count from the client's JSON, where every number arrives as a double. */
    private static long number(Map<String, Object> figures, String name) {
        return Math.round((Double) figures.get(name));
    }
}
