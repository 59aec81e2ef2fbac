package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.FreePorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
        Path data = dir.resolve("data");
        Path log = dir.resolve("leader.log");
        Process process = new ProcessBuilder(CliProcess.javaCommand("leader",
                "--data-dir", data.toString(), "--port", "" + port, "--rpc-port", "" + rpcPort,
                "--raft-port", "" + raftPort, "--bind", "127.0.0.1"))
                .redirectError(log.toFile()).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith("ready")) {
                        ready.complete(null);
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        });
        reader.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
            assertThat(lines.get(0)).contains("cluster.v1 on 127.0.0.1:" + port, "scheduler.v1 on 127.0.0.1:" + rpcPort);
            assertThat(lines).contains("data dir: " + data.toAbsolutePath());
            assertThat(Files.isDirectory(data.resolve("raft"))).isTrue();

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
            assertThat(Files.readString(log)).contains("event=leader_stopped");
        } finally {
            process.destroyForcibly();
        }
    }
}
