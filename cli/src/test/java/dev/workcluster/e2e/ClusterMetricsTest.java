package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.PrometheusText;
import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three leader processes: each exports its own Raft view, only the Raft leader the cluster-wide
 * task meters, and a leader that is deposed (frozen with SIGSTOP while the others elect a new
 * one, then resumed as a follower) stops exporting them.
 */
class ClusterMetricsTest {
    private Path dir;
    private RaftCluster cluster;

    @BeforeEach
    void start() throws Exception {
        dir = TemporaryDirectories.create("cluster-metrics");
        cluster = new RaftCluster(dir, 3).startAll();
    }

    @AfterEach
    void stop() throws InterruptedException {
        cluster.close();
        TemporaryDirectories.delete(dir);
    }

    @Test
    void onlyTheLeaderExportsTaskMetersAndADeposedOneStops() throws Exception {
        int leader = cluster.leaderIndex(Duration.ofSeconds(30));
        int follower = (leader + 1) % 3;
        PrometheusText leaderMetrics =
                PrometheusText.scrape(cluster.node(leader).metricsUrl());
        assertThat(leaderMetrics.value("workcluster_raft_role{role=\"leader\"}"))
                .isEqualTo(1);
        assertThat(leaderMetrics.names()).contains("workcluster_tasks", "workcluster_schedule_to_start_seconds_count");
        assertThat(leaderMetrics.value("workcluster_raft_follower_lag{peer=\""
                        + cluster.node(follower).id() + "\"}"))
                .isGreaterThanOrEqualTo(0);

        PrometheusText followerMetrics =
                PrometheusText.scrape(cluster.node(follower).metricsUrl());
        assertThat(followerMetrics.value("workcluster_raft_role{role=\"follower\"}"))
                .isEqualTo(1);
        assertThat(followerMetrics.names())
                .contains("workcluster_raft_commit_index", "jvm_memory_used_bytes")
                .doesNotContain("workcluster_tasks", "workcluster_tasks_started_total");

        cluster.pause(leader);
        int next = cluster.leaderIndex(Duration.ofSeconds(30)); // the paused one does not answer
        cluster.resume(leader);
        // A node reports LEADER a moment before it has applied the log and taken up the leader's duties.
        assertThat(scrapeUntil(next, true).names())
                .as("task meters on the new leader")
                .contains("workcluster_tasks");
        PrometheusText deposed = scrapeUntil(leader, false);
        assertThat(deposed.names()).as("task meters on the deposed leader").doesNotContain("workcluster_tasks");
        assertThat(deposed.value("workcluster_raft_role{role=\"leader\"}")).isZero();
    }

    /** Scrapes node {@code i} until it does (or does not) export task meters, for up to 30 s; returns the last scrape. */
    private PrometheusText scrapeUntil(int i, boolean exportsTasks) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        PrometheusText metrics = PrometheusText.scrape(cluster.node(i).metricsUrl());
        while (metrics.names().contains("workcluster_tasks") != exportsTasks && System.nanoTime() < deadline) {
            metrics = PrometheusText.scrape(cluster.node(i).metricsUrl());
        }
        return metrics;
    }
}
