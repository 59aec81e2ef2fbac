package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.testkit.LeaderProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code workcluster leader} as an operator runs it: says where it listens and where its data is, stops on SIGTERM. */
class LeaderCommandProcessTest {
    @TempDir
    Path dir;

    @Test
    void printsItsAddressesAndDataDirAndStopsCleanlyOnSigterm() throws Exception {
        int port = FreePorts.next();
        int rpcPort = FreePorts.next();
        int raftPort = FreePorts.next();
        int httpPort = FreePorts.next();
        Path data = dir.resolve("data");
        try (LeaderProcess leader = LeaderProcess.start(
                dir,
                "leader",
                JvmLaunch.of(
                        Main.class.getName(),
                        "leader",
                        "--data-dir",
                        data.toString(),
                        "--port",
                        "" + port,
                        "--rpc-port",
                        "" + rpcPort,
                        "--raft-port",
                        "" + raftPort,
                        "--http-port",
                        "" + httpPort,
                        "--bind",
                        "127.0.0.1"))) {
            leader.awaitReady(Duration.ofSeconds(60));
            List<String> lines = leader.process().lines();
            assertThat(lines.get(0))
                    .contains("cluster.v1 on 127.0.0.1:" + port, "scheduler.v1 on 127.0.0.1:" + rpcPort);
            assertThat(lines).contains("data dir: " + data.toAbsolutePath());
            String metricsUrl = "http://127.0.0.1:" + httpPort + "/metrics";
            assertThat(lines).contains("metrics: " + metricsUrl);
            HttpResponse<String> metrics = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("workcluster_raft_role{role=\"leader\"} 1");
            assertThat(Files.isDirectory(data.resolve("raft"))).isTrue();

            leader.process().terminate(Duration.ofSeconds(20)); // SIGTERM; fails unless it stops within 20 s

            assertThat(leader.process().log()).contains("event=leader_stopped");
        }
    }
}
