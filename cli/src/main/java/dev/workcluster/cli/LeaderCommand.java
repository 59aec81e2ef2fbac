package dev.workcluster.cli;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.access.TlsFiles;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.state.StateLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code workcluster leader}: runs a leader node until SIGTERM or SIGINT. */
@Command(
        name = "leader",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run a leader node (a Raft group of one by default) until SIGTERM/SIGINT.")
public final class LeaderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RaftGroupOptions group;

    @Option(
            names = "--port",
            defaultValue = "${env:WORKCLUSTER_PORT:-${env:LEADER_PORT:-50051}}",
            description = "cluster.v1 port (env WORKCLUSTER_PORT, LEADER_PORT; default 50051).")
    int port;

    @Option(
            names = "--rpc-port",
            defaultValue = "${env:WORKCLUSTER_RPC_PORT:-${env:RPC_PORT:-50052}}",
            description = "scheduler.v1 port (env WORKCLUSTER_RPC_PORT, RPC_PORT; default 50052).")
    int rpcPort;

    @Option(
            names = "--raft-port",
            defaultValue = "${env:WORKCLUSTER_RAFT_PORT:-50053}",
            description = "Raft's own port (env WORKCLUSTER_RAFT_PORT; default 50053).")
    int raftPort;

    @Option(
            names = "--bind",
            paramLabel = "HOST",
            defaultValue = "${env:WORKCLUSTER_BIND:-0.0.0.0}",
            description = "Interface the client ports listen on (env WORKCLUSTER_BIND; default 0.0.0.0).")
    String bindHost;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "${env:WORKCLUSTER_HTTP_PORT:-50080}",
            description = "HTTP port for Prometheus metrics at /metrics, on the --bind interface; 0 turns it off "
                    + "(env WORKCLUSTER_HTTP_PORT; default 50080).")
    int httpPort;

    @Option(
            names = "--heartbeat-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:WORKCLUSTER_HEARTBEAT_TIMEOUT:-${env:HEARTBEAT_TIMEOUT:-30s}}",
            description = "Expire a member this long after its last heartbeat; a bare number is seconds "
                    + "(env WORKCLUSTER_HEARTBEAT_TIMEOUT, HEARTBEAT_TIMEOUT; default 30s).")
    Duration heartbeatTimeout;

    @Option(
            names = "--worker-call-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:WORKCLUSTER_WORKER_CALL_TIMEOUT:-5s}",
            description = "Deadline of StartWork/StopWork calls to push-mode workers (default 5s).")
    Duration workerCallTimeout;

    @Option(
            names = "--session-grace",
            paramLabel = "DURATION",
            defaultValue = "${env:WORKCLUSTER_SESSION_GRACE:-5s}",
            description = "How long a library worker whose stream broke may take to reconnect before its tasks are "
                    + "requeued (default 5s).")
    Duration sessionGrace;

    @Option(
            names = "--session-missed-heartbeats",
            paramLabel = "N",
            defaultValue = "${env:WORKCLUSTER_SESSION_MISSED_HEARTBEATS:-3}",
            description = "An open but silent session expires after this many of its heartbeat intervals (default 3).")
    int sessionMissedHeartbeats;

    @Option(
            names = "--session-send-buffer",
            paramLabel = "BYTES",
            defaultValue = "${env:WORKCLUSTER_SESSION_SEND_BUFFER:-67108864}",
            description = "Bytes of messages held for a library worker that does not read its stream; past it the "
                    + "stream is closed (RESOURCE_EXHAUSTED) and handled as a broken one (default 67108864 = 64 MiB).")
    long sessionSendBuffer;

    @Option(
            names = "--session-max-proposals",
            paramLabel = "N",
            defaultValue = "${env:WORKCLUSTER_SESSION_MAX_PROPOSALS:-256}",
            description = "Outcomes and hand-backs of one session waiting for the log; at this many the node stops "
                    + "reading that session until one commits (default 256).")
    int sessionMaxProposals;

    @Option(
            names = "--snapshot-every",
            paramLabel = "ENTRIES",
            defaultValue = "${env:WORKCLUSTER_SNAPSHOT_EVERY:-10000}",
            description = "Snapshot the state every this many applied log entries (default 10000).")
    long snapshotEvery;

    @Option(
            names = "--max-payload-bytes",
            defaultValue = "${env:WORKCLUSTER_MAX_PAYLOAD_BYTES:-1048576}",
            description = "Largest task payload accepted, in bytes (default 1048576 = 1 MiB).")
    int maxPayloadBytes;

    @Option(
            names = "--max-result-bytes",
            defaultValue = "${env:WORKCLUSTER_MAX_RESULT_BYTES:-65536}",
            description = "Largest task result stored, in UTF-8 bytes: a run that returns more is recorded as a failed "
                    + "attempt whose error names the size and this limit, and the result is dropped; up to 1 MiB, or "
                    + "--max-payload-bytes if larger (env WORKCLUSTER_MAX_RESULT_BYTES; default 65536 = 64 KiB).")
    int maxResultBytes;

    @Option(
            names = "--max-queued-tasks",
            defaultValue = "${env:WORKCLUSTER_MAX_QUEUED_TASKS:-1000000}",
            description = "Pending tasks beyond which ScheduleTask answers RESOURCE_EXHAUSTED (default 1000000).")
    int maxQueuedTasks;

    @Option(
            names = "--max-unfinished-payload-bytes",
            paramLabel = "BYTES",
            defaultValue = "${env:WORKCLUSTER_MAX_UNFINISHED_PAYLOAD_BYTES:-536870912}",
            description = "Payload bytes that pending and running tasks may hold together; a task that would go over "
                    + "is refused with RESOURCE_EXHAUSTED (default 536870912 = 512 MiB).")
    long maxUnfinishedPayloadBytes;

    @Option(
            names = "--max-members",
            paramLabel = "N",
            defaultValue = "${env:WORKCLUSTER_MAX_MEMBERS:-10000}",
            description = "Members (workers) the cluster keeps; at the cap a new worker replaces the longest-expired "
                    + "member, or is refused with RESOURCE_EXHAUSTED when all are alive (default 10000).")
    int maxMembers;

    @Option(
            names = "--max-watches",
            paramLabel = "N",
            defaultValue = "${env:WORKCLUSTER_MAX_WATCHES:-256}",
            description = "WatchTasks calls this node serves at once; one more is refused with RESOURCE_EXHAUSTED "
                    + "(default 256).")
    int maxWatches;

    @Option(
            names = "--retain-finished",
            paramLabel = "COUNT",
            defaultValue = "${env:WORKCLUSTER_RETAIN_FINISHED:-100000}",
            description = "Finished tasks kept; the oldest are dropped first (default 100000).")
    int retainFinished;

    @Option(
            names = "--retain-finished-age",
            paramLabel = "DURATION",
            defaultValue = "${env:WORKCLUSTER_RETAIN_FINISHED_AGE:-24h}",
            description = "Finished tasks and expired members are dropped after this long (default 24h).")
    Duration retainFinishedAge;

    @Option(
            names = "--max-attempts",
            defaultValue = "${env:WORKCLUSTER_MAX_ATTEMPTS:-3}",
            description = "Attempts a task gets when its client does not say (default 3).")
    int maxAttempts;

    @Option(
            names = "--default-task-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:WORKCLUSTER_DEFAULT_TASK_TIMEOUT}",
            description = "The run timeout (start_to_close) of tasks that set none: a run that takes longer is "
                    + "stopped and counts as a failed attempt; up to 30 days (env WORKCLUSTER_DEFAULT_TASK_TIMEOUT; "
                    + "default none).")
    Duration defaultTaskTimeout;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            defaultValue = "${env:WORKCLUSTER_TLS_CERT}",
            description = "This node's certificate chain (PEM). With --tls-key and --tls-client-ca: mutual TLS on both "
                    + "client ports, and every caller keeps to the role its certificate's OU names (env "
                    + "WORKCLUSTER_TLS_CERT; default none: plaintext, no roles).")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            defaultValue = "${env:WORKCLUSTER_TLS_KEY}",
            description = "This node's private key (PEM, PKCS#8) (env WORKCLUSTER_TLS_KEY).")
    Path tlsKey;

    @Option(
            names = "--tls-client-ca",
            paramLabel = "FILE",
            defaultValue = "${env:WORKCLUSTER_TLS_CLIENT_CA}",
            description = "The CA (PEM) that clients', workers' and other nodes' certificates must chain to "
                    + "(env WORKCLUSTER_TLS_CLIENT_CA).")
    Path tlsClientCa;

    @Option(
            names = "--raft-tls",
            defaultValue = "${env:WORKCLUSTER_RAFT_TLS:-false}",
            description =
                    "Raft traffic between the nodes over mutual TLS with the same files (env WORKCLUSTER_RAFT_TLS; "
                            + "default false).")
    boolean raftTls;

    @Option(
            names = "--trusted-proxy",
            paramLabel = "ADDRESS[,ADDRESS...]",
            split = ",",
            defaultValue = "${env:WORKCLUSTER_TRUSTED_PROXY}",
            description = "IP addresses of proxies (nginx terminating mTLS) whose x-workcluster-client-subject header "
                    + "names the caller; anyone else's is ignored. Turns roles on (env WORKCLUSTER_TRUSTED_PROXY; "
                    + "default none).")
    List<String> trustedProxies;

    @Option(
            names = "--print-config",
            description = "Print the configuration resolved from flags, environment and defaults, then exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        LeaderConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        if (printConfig) {
            ConfigPrinter.print(config, out);
            return 0;
        }
        LeaderServer server = LeaderServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "leader-shutdown"));
        out.printf(
                "workcluster leader %s listening: cluster.v1 on %s:%d, scheduler.v1 on %s:%d, raft on %d%n",
                config.raft().nodeId(),
                config.bindHost(),
                server.clusterPort(),
                config.bindHost(),
                server.schedulerPort(),
                config.raft().raftPort());
        if (server.httpPort() > 0) {
            out.printf("metrics: http://%s:%d/metrics%n", config.bindHost(), server.httpPort());
        }
        out.printf("data dir: %s%n", config.raft().dataDir().toAbsolutePath());
        out.flush();
        server.awaitReady(Duration.ofDays(365)); // a node waits for its peers as long as it takes
        var raft = server.raftStatus();
        out.printf(
                "ready: %s of a Raft group of %d (leader %s, term %d)%n",
                raft.role().toLowerCase(java.util.Locale.ROOT), raft.peers().size(), raft.leaderId(), raft.term());
        out.flush();
        stopped.await();
        return 0;
    }

    LeaderConfig config() {
        try {
            return resolve();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid leader configuration: " + e.getMessage());
        }
    }

    private LeaderConfig resolve() {
        StateLimits limits = new StateLimits(
                maxPayloadBytes,
                maxQueuedTasks,
                retainFinished,
                retainFinishedAge,
                maxAttempts,
                Math.max(maxAttempts, StateLimits.DEFAULT_MAX_ATTEMPTS_CEILING),
                maxUnfinishedPayloadBytes,
                maxMembers);
        RaftSettings raft = group.settings(raftPort, snapshotEvery);
        SessionSettings sessions = new SessionSettings(
                sessionGrace,
                sessionMissedHeartbeats,
                SessionSettings.DEFAULT_MAX_SLOTS,
                sessionSendBuffer,
                sessionMaxProposals);
        return new LeaderConfig(
                bindHost,
                port,
                rpcPort,
                raft,
                heartbeatTimeout,
                workerCallTimeout,
                LeaderConfig.DEFAULT_MAX_ASSIGNMENTS_PER_ROUND,
                limits,
                sessions,
                group.clientAddress(raft, port),
                maxWatches,
                new AccessSettings(
                        TlsFiles.of(tlsCert, tlsKey, tlsClientCa),
                        trustedProxies == null ? List.of() : trustedProxies,
                        raftTls),
                httpPort,
                defaultTaskTimeout,
                maxResultBytes);
    }
}
