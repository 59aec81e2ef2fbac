package dev.workcluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.JvmProcess;
import dev.workcluster.testkit.TaskClient;
import dev.workcluster.testkit.TemporaryDirectories;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ECS stack rehearsed on one machine: the committed template's task definitions run as
 * local processes (see {@link LocalTasks}), put through what ECS does to them while an
 * application keeps submitting work: workers scaled out and in, each leader replaced in turn
 * (SIGTERM, then a new process on the same data, the next once it is healthy: a rolling
 * deployment, as the stack orders its leader services), and all three leaders stopped and
 * started at once (the worst an operator can do: a restart of the whole cluster).
 * Every acknowledged task must complete, no run of a task may overlap another on a second
 * worker, and every process must leave on SIGTERM within its task's stopTimeout.
 */
class EcsRehearsalTest {
    private static final List<String> WORKER_SLOTS = List.of("w1", "w2", "w3");
    /** Observation only: the workers log each run's start and end, for the overlap check. */
    private static final Map<String, String> WORKER_LOGS = Map.of("WORKCLUSTER_LOG_LEVEL", "DEBUG");

    private final Map<String, JvmProcess> leaders = new LinkedHashMap<>();
    private final Map<String, JvmProcess> workers = new LinkedHashMap<>();
    private final WorkerRuns runs = new WorkerRuns();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private EcsTemplate template;
    private Path dir;
    private LocalTasks tasks;

    @BeforeEach
    void readTemplate() throws Exception {
        template = EcsTemplate.read(
                Path.of(System.getProperty("repository.root"), "deploy/ecs/workcluster-ecs.template.json"));
        dir = TemporaryDirectories.create("ecs-rehearsal");
        List<String> slots = new ArrayList<>();
        template.leaders().forEach(leader -> slots.add(leader.env("WORKCLUSTER_NODE_ID")));
        slots.addAll(WORKER_SLOTS);
        tasks = LocalTasks.create(dir, template.leaders(), slots);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (JvmProcess process : List.copyOf(workers.values())) {
            process.close();
        }
        for (JvmProcess process : List.copyOf(leaders.values())) {
            process.close();
        }
        channels.forEach(ManagedChannel::shutdownNow);
        if (tasks != null) {
            tasks.close();
        }
        TemporaryDirectories.delete(dir);
    }

    @Test
    void noAcknowledgedTaskIsLostOrRunTwiceAtOnceThroughScalingReplacementsAndADeployment() throws Exception {
        assertThat(template.leaders()).hasSize(3);
        for (EcsTemplate.TaskSpec leader : template.leaders()) {
            startLeader(leader);
        }
        for (EcsTemplate.TaskSpec leader : template.leaders()) {
            awaitServing(leader);
        }
        startWorker("w1");
        startWorker("w2");

        List<TaskClient> nodes = new ArrayList<>();
        for (EcsTemplate.TaskSpec leader : template.leaders()) {
            nodes.add(new TaskClient(channel(leader)));
        }
        Set<String> acknowledged;
        try (Submitter submitter = new Submitter(nodes, "sleep 200ms", Duration.ofMillis(50))) {
            awaitAcknowledged(submitter, 20);

            // Autoscaling: out by one, then in by one (ECS stops the task it picks with SIGTERM).
            startWorker("w3");
            stopWorker("w1");
            awaitAcknowledged(submitter, 40);

            // Each leader replaced in turn, the next once the new one is healthy.
            for (EcsTemplate.TaskSpec leader : template.leaders()) {
                stopLeader(leader);
                startLeader(leader);
                awaitServing(leader);
            }
            awaitAcknowledged(submitter, 60);

            // All three at once: every old task stops, then new ones start on the same data.
            for (EcsTemplate.TaskSpec leader : template.leaders()) {
                leaders.get(leader.env("WORKCLUSTER_NODE_ID")).signalStop();
            }
            for (EcsTemplate.TaskSpec leader : template.leaders()) {
                stopLeader(leader);
            }
            for (EcsTemplate.TaskSpec leader : template.leaders()) {
                startLeader(leader);
            }
            for (EcsTemplate.TaskSpec leader : template.leaders()) {
                awaitServing(leader);
            }
            awaitAcknowledged(submitter, 80);
            submitter.close();
            acknowledged = submitter.acknowledged();
        }

        awaitCompleted(nodes, acknowledged);
        for (String slot : List.copyOf(workers.keySet())) {
            stopWorker(slot);
        }
        assertThat(runs.all()).as("runs the workers logged").hasSizeGreaterThanOrEqualTo(acknowledged.size());
        assertThat(runs.overlaps())
                .as("runs of one task at once on two workers")
                .isEmpty();
        for (EcsTemplate.TaskSpec leader : template.leaders()) {
            stopLeader(leader);
        }
    }

    private void startLeader(EcsTemplate.TaskSpec leader) throws Exception {
        String node = leader.env("WORKCLUSTER_NODE_ID");
        leaders.put(node, tasks.start(leader, node, Map.of()));
    }

    /** SIGTERM and the task's stopTimeout, after which ECS would SIGKILL: it must be gone by then. */
    private void stopLeader(EcsTemplate.TaskSpec leader) throws Exception {
        String node = leader.env("WORKCLUSTER_NODE_ID");
        JvmProcess process = leaders.get(node);
        // Forgotten only once gone: a leader that outlives its stop timeout is still killed after the test.
        assertThat(process.terminate(leader.stopTimeout()))
                .as("leader %s exit status", node)
                .isEqualTo(143);
        leaders.remove(node);
        assertThat(process.log()).contains("event=leader_stopped");
    }

    /**
     * Starts a worker task and waits until it has joined a leader: ECS scales in and replaces running
     * tasks, and one stopped while its JVM still starts has nothing to drain (and no log to check).
     */
    private void startWorker(String slot) throws Exception {
        JvmProcess worker = tasks.start(template.worker(), slot, WORKER_LOGS);
        workers.put(slot, worker);
        worker.awaitLine(line -> line.contains(" running: "), Duration.ofSeconds(90));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!worker.log().contains("event=session_started")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker " + slot + " joined no leader within 90 s\n" + worker.logTail(30));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private void stopWorker(String slot) throws Exception {
        JvmProcess process = workers.get(slot);
        process.terminate(template.worker().stopTimeout());
        workers.remove(slot);
        String log = process.log();
        assertThat(log)
                .as("worker %s drained and left; its stdout: %s", slot, process.lines())
                .contains("event=worker_stopped");
        runs.add(slot + "-" + process.pid(), log, Instant.now());
    }

    private ManagedChannel channel(EcsTemplate.TaskSpec leader) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(
                        tasks.host(leader.env("WORKCLUSTER_NODE_ID")), Integer.parseInt(leader.env("WORKCLUSTER_PORT")))
                .usePlaintext()
                .build();
        channels.add(channel);
        return channel;
    }

    /** What ECS's health check asks (grpc.health.v1 of the node's client port), until SERVING. */
    private void awaitServing(EcsTemplate.TaskSpec leader) throws Exception {
        ManagedChannel channel = channel(leader);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        try {
            while (System.nanoTime() < deadline) {
                try {
                    ServingStatus status = HealthGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(2, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance())
                            .getStatus();
                    if (status == ServingStatus.SERVING) {
                        return;
                    }
                    last = status.name();
                } catch (RuntimeException e) {
                    last = e.getMessage();
                    channel.resetConnectBackoff();
                }
            }
        } finally {
            channel.shutdownNow();
            channels.remove(channel);
        }
        throw new AssertionError("leader " + leader.env("WORKCLUSTER_NODE_ID") + " not SERVING within 90 s: " + last
                + "\n" + leaders.get(leader.env("WORKCLUSTER_NODE_ID")).logTail(30));
    }

    private static void awaitAcknowledged(Submitter submitter, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (submitter.acknowledged().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "only " + submitter.acknowledged().size() + " of " + count + " tasks acknowledged within 60 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private void awaitCompleted(List<TaskClient> nodes, Set<String> acknowledged) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<String> unfinished = new ArrayList<>(acknowledged);
        while (!unfinished.isEmpty() && System.nanoTime() < deadline) {
            String id = unfinished.get(0);
            try {
                TaskStatus status = nodes.get(0).get(id).getStatus();
                assertThat(status)
                        .as("task %s", id)
                        .isNotIn(TaskStatus.TASK_STATUS_ERROR, TaskStatus.TASK_STATUS_CANCELLED);
                if (status == TaskStatus.TASK_STATUS_COMPLETED) {
                    unfinished.remove(0);
                    continue;
                }
            } catch (io.grpc.StatusRuntimeException e) {
                // the node is busy or electing: ask again
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertThat(unfinished)
                .as("acknowledged tasks not COMPLETED within 120 s")
                .isEmpty();
    }
}
