package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.scheduler.v1.Queue;
import dev.workcluster.proto.scheduler.v1.SetQueueRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.PrometheusText;
import dev.workcluster.worker.TaskHandler;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The leader's /metrics scraped while tasks run on two library workers: the values move as the tasks do. */
class MetricsTest {
    private static final int TASKS = 200;
    private final int httpPort = FreePorts.next();
    private EmbeddedCluster cluster;
    private String url;

    @BeforeEach
    void start() throws Exception {
        cluster = EmbeddedCluster.start("metrics", config -> config.withHttpPort(httpPort));
        url = "http://127.0.0.1:" + httpPort + "/metrics";
    }

    @AfterEach
    void stop() throws InterruptedException {
        cluster.close();
    }

    @Test
    void countsTasksMembersSlotsAndRaftAsTasksRun() throws Exception {
        PrometheusText idle = PrometheusText.scrape(url);
        assertThat(idle.value("workcluster_raft_role{role=\"leader\"}")).isEqualTo(1);
        assertThat(idle.value("workcluster_raft_role{role=\"follower\"}")).isZero();
        assertThat(idle.value("workcluster_tasks{status=\"completed\"}")).isZero();
        assertThat(idle.names())
                .contains(
                        "jvm_memory_used_bytes",
                        "jvm_gc_memory_allocated_bytes_total",
                        "process_cpu_usage",
                        "workcluster_raft_term",
                        "workcluster_raft_log_bytes",
                        "workcluster_snapshot_seconds_count",
                        "workcluster_oldest_pending_age_seconds");

        AtomicInteger failures = new AtomicInteger();
        TaskHandler handler = context -> {
            // The first attempt of every tenth task fails: retries show up.
            if (context.taskId().endsWith("0") && context.attempt() == 1) {
                failures.incrementAndGet();
                throw new IllegalStateException("first attempt fails");
            }
            return "ok";
        };
        // Both workers record into one registry: their meters add up.
        PrometheusMeterRegistry workers = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        cluster.startWorker(
                WorkerOptions.newBuilder().setWorkerId("w1").setSlots(4).setMeterRegistry(workers), handler);
        cluster.startWorker(
                WorkerOptions.newBuilder().setWorkerId("w2").setSlots(4).setMeterRegistry(workers), handler);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.members().size() == 2);

        for (int i = 0; i < TASKS; i++) {
            cluster.tasks().schedule("m" + i, "work");
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.tasks().count(TaskStatus.TASK_STATUS_COMPLETED) == TASKS);

        PrometheusText after = PrometheusText.scrape(url);
        assertThat(after.value("workcluster_tasks{status=\"completed\"}")).isEqualTo(TASKS);
        assertThat(after.value("workcluster_tasks{status=\"pending\"}")).isZero();
        assertThat(after.value("workcluster_oldest_pending_age_seconds")).isZero();
        assertThat(after.value("workcluster_tasks_started_total")).isEqualTo(TASKS + failures.get());
        assertThat(after.value("workcluster_task_retries_total")).isEqualTo(failures.get());
        assertThat(after.value("workcluster_schedule_to_start_seconds_count")).isEqualTo(TASKS + failures.get());
        assertThat(after.value("workcluster_task_run_seconds_count")).isEqualTo(TASKS + failures.get());
        assertThat(after.value("workcluster_schedule_to_start_seconds_bucket{le=\"60.0\"}"))
                .as("every start within a minute of its queueing")
                .isEqualTo(TASKS + failures.get());
        assertThat(after.value("workcluster_members{state=\"alive\"}")).isEqualTo(2);
        assertThat(after.value("workcluster_slots{state=\"free\"}")).isEqualTo(8);
        assertThat(after.value("workcluster_slots{state=\"used\"}")).isZero();
        assertThat(after.value("workcluster_sessions")).isEqualTo(2);
        assertThat(after.value("workcluster_raft_commit_index"))
                .isGreaterThan(idle.value("workcluster_raft_commit_index"));
        assertThat(after.value("workcluster_raft_applied_index"))
                .isEqualTo(after.value("workcluster_raft_commit_index"));
        assertThat(after.names())
                .contains(
                        "grpc_server_requests_received_messages_total",
                        "grpc_server_processing_duration_seconds_count");
        assertThat(failures.get()).isEqualTo(TASKS / 10);

        PrometheusText worker = PrometheusText.parse(workers.scrape());
        assertThat(worker.value("workcluster_worker_task_seconds_count{outcome=\"success\"}"))
                .isEqualTo(TASKS);
        assertThat(worker.value("workcluster_worker_task_seconds_count{outcome=\"failure\"}"))
                .isEqualTo(failures.get());
        assertThat(worker.value("workcluster_worker_task_failures_total{retryable=\"true\"}"))
                .isEqualTo(failures.get());
        assertThat(worker.value("workcluster_worker_slots{state=\"busy\"}")).isZero();
        assertThat(worker.value("workcluster_worker_reconnects_total")).isZero();

        // Heartbeats keep arriving on the session streams.
        double heartbeats = after.value("workcluster_heartbeats_total");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> PrometheusText.scrape(url).value("workcluster_heartbeats_total") > heartbeats);
    }

    @Test
    void countsEachQueuesTasksAndDropsAQueueThatIsGone() throws Exception {
        cluster.tasks()
                .scheduler()
                .setQueue(SetQueueRequest.newBuilder()
                        .setQueue(Queue.newBuilder().setName("mailer").setMaxRunning(1))
                        .build());
        cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(4), context -> {
            while (true) { // runs until cancelled, so the counts hold still while scraped
                context.throwIfCancelled();
                TimeUnit.MILLISECONDS.sleep(10);
            }
        });
        for (int i = 0; i < 3; i++) {
            cluster.tasks()
                    .schedule(
                            Task.newBuilder().setId("mail-" + i).setPayload("p").setQueue("mailer"));
        }
        cluster.tasks().schedule("plain", "p");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> PrometheusText.scrape(url)
                                .value("workcluster_queue_tasks{queue=\"default\",status=\"running\"}")
                        == 1);
        PrometheusText metrics = PrometheusText.scrape(url);
        assertThat(metrics.value("workcluster_queue_tasks{queue=\"mailer\",status=\"running\"}"))
                .as("its limit is one running task")
                .isEqualTo(1);
        assertThat(metrics.value("workcluster_queue_tasks{queue=\"mailer\",status=\"pending\"}"))
                .isEqualTo(2);
        assertThat(metrics.value("workcluster_queue_tasks{queue=\"mailer\",status=\"scheduled\"}"))
                .isZero();

        cluster.tasks().cancel("plain");
        await().atMost(Duration.ofSeconds(30))
                .alias("the default queue holds no unfinished task anymore; it always exists, so its rows stay at 0")
                .until(() -> PrometheusText.scrape(url)
                                .value("workcluster_queue_tasks{queue=\"default\",status=\"running\"}")
                        == 0);
    }

    @Test
    void countsARunHandedBackByADrainingWorkerAsARequeue() throws Exception {
        Worker worker =
                cluster.startWorker(WorkerOptions.newBuilder().setWorkerId("w1").setSlots(1), context -> {
                    while (true) {
                        context.throwIfCancelled();
                        TimeUnit.MILLISECONDS.sleep(10);
                    }
                });
        cluster.tasks().schedule("held", "work");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cluster.tasks().get("held").getStatus() == TaskStatus.TASK_STATUS_RUNNING);

        worker.shutdown(Duration.ZERO); // cancels the run and hands the task back

        await().atMost(Duration.ofSeconds(30))
                .until(() -> PrometheusText.scrape(url).value("workcluster_task_requeues_total{cause=\"handed_back\"}")
                        == 1);
        PrometheusText metrics = PrometheusText.scrape(url);
        assertThat(metrics.value("workcluster_task_requeues_total{cause=\"member_lost\"}"))
                .isZero();
        assertThat(metrics.value("workcluster_task_retries_total")).isZero();
        assertThat(metrics.value("workcluster_tasks{status=\"pending\"}")).isEqualTo(1);
    }
}
