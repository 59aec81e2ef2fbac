package dev.workcluster.cli;

import dev.workcluster.leader.config.LeaderConfig;
import java.io.PrintWriter;
import java.time.Duration;

/** Prints a leader's resolved configuration as key=value lines (the names of the README's table). */
final class ConfigPrinter {
    private ConfigPrinter() {
    }

    static void print(LeaderConfig config, PrintWriter out) {
        var raft = config.raft();
        var limits = config.limits();
        out.println("node_id=" + raft.nodeId());
        out.println("data_dir=" + raft.dataDir().toAbsolutePath());
        out.println("bind=" + config.bindHost());
        out.println("port=" + config.clusterPort());
        out.println("rpc_port=" + config.schedulerPort());
        out.println("raft_port=" + raft.raftPort());
        out.println("heartbeat_timeout=" + format(config.heartbeatTimeout()));
        out.println("worker_call_timeout=" + format(config.workerCallTimeout()));
        out.println("session_grace=" + format(config.sessions().reconnectGrace()));
        out.println("session_missed_heartbeats=" + config.sessions().missedHeartbeats());
        out.println("snapshot_every=" + raft.snapshotEvery());
        out.println("max_payload_bytes=" + limits.maxPayloadBytes());
        out.println("max_queued_tasks=" + limits.maxQueuedTasks());
        out.println("retain_finished=" + limits.retainFinishedCount());
        out.println("retain_finished_age=" + format(limits.retainFinishedAge()));
        out.println("max_attempts=" + limits.defaultMaxAttempts());
        out.flush();
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
