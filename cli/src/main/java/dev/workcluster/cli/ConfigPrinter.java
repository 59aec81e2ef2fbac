package dev.workcluster.cli;

import dev.workcluster.cli.output.HumanText;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.worker.WorkerOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Prints a resolved configuration as key=value lines (the names of the README's tables). */
final class ConfigPrinter {
    private ConfigPrinter() {}

    static void print(LeaderConfig config, PrintWriter out) {
        out.println("log_format=" + LogFormat.inEffect().value());
        var raft = config.raft();
        var limits = config.limits();
        out.println("node_id=" + raft.nodeId());
        out.println("peers="
                + String.join(
                        ",",
                        raft.group().stream()
                                .map(p -> p.id() + "=" + p.address())
                                .toList()));
        out.println("advertise=" + config.clientAddress());
        out.println("proposal_timeout=" + format(raft.proposalTimeout()));
        out.println("data_dir=" + raft.dataDir().toAbsolutePath());
        out.println("bind=" + config.bindHost());
        out.println("port=" + config.clusterPort());
        out.println("rpc_port=" + config.schedulerPort());
        out.println("raft_port=" + raft.raftPort());
        out.println("heartbeat_timeout=" + format(config.heartbeatTimeout()));
        out.println("worker_call_timeout=" + format(config.workerCallTimeout()));
        out.println("session_grace=" + format(config.sessions().reconnectGrace()));
        out.println("session_missed_heartbeats=" + config.sessions().missedHeartbeats());
        out.println("session_send_buffer=" + config.sessions().sendBufferBytes());
        out.println("session_max_proposals=" + config.sessions().maxProposalsInFlight());
        out.println("snapshot_every=" + raft.snapshotEvery());
        out.println("raft_segment_size=" + raft.segmentSizeBytes());
        out.println("max_payload_bytes=" + limits.maxPayloadBytes());
        out.println("max_result_bytes=" + config.maxResultBytes());
        out.println("max_queued_tasks=" + limits.maxQueuedTasks());
        out.println("max_unfinished_payload_bytes=" + limits.maxUnfinishedPayloadBytes());
        out.println("max_members=" + limits.maxMembers());
        out.println("max_watches=" + config.maxWatches());
        out.println("retain_finished=" + limits.retainFinishedCount());
        out.println("retain_finished_age=" + format(limits.retainFinishedAge()));
        out.println("max_attempts=" + limits.defaultMaxAttempts());
        out.println("default_task_timeout="
                + (config.defaultTaskTimeout() == null ? "" : format(config.defaultTaskTimeout())));
        var access = config.access();
        out.println("tls_cert=" + (access.tls() == null ? "" : access.tls().certificate()));
        out.println("tls_key=" + (access.tls() == null ? "" : access.tls().key()));
        out.println("tls_client_ca=" + (access.tls() == null ? "" : access.tls().clientCa()));
        out.println("raft_tls=" + access.raftTls());
        out.println("trusted_proxy=" + String.join(",", access.trustedProxies()));
        out.flush();
    }

    static void print(WorkerOptions options, String handler, boolean allowExec, PrintWriter out) {
        int port = options.pushListenPort();
        String advertise = options.pushAdvertisedAddress() != null
                ? options.pushAdvertisedAddress()
                : "localhost:" + (port == 0 ? "<bound port>" : port);
        out.println("log_format=" + LogFormat.inEffect().value());
        out.println("leader=" + String.join(",", options.leaderAddresses()));
        out.println("id=" + options.workerId());
        out.println("slots=" + options.slots());
        out.println("transport=" + options.transport().name().toLowerCase(Locale.ROOT));
        out.println("port=" + port);
        out.println("advertise=" + advertise);
        out.println("heartbeat_interval=" + format(options.heartbeatInterval()));
        out.println("shutdown_grace=" + format(options.shutdownGrace()));
        out.println("labels=" + HumanText.labels(options.labels()));
        out.println("queues=" + String.join(",", options.queues()));
        out.println("handler=" + handler);
        out.println("allow_exec=" + allowExec);
        out.flush();
    }

    static String format(Duration duration) {
        return DurationConverter.format(duration);
    }
}
