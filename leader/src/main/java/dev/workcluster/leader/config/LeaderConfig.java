package dev.workcluster.leader.config;

import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.TaskTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything an operator can set on a leader node; {@code defaultTaskTimeout} is null for none. Defaults match docs/protocol.md
 * and the README's configuration table; the CLI resolves flags, then
 * environment variables, then these defaults.
 */
public record LeaderConfig(
        String bindHost,
        int clusterPort,
        int schedulerPort,
        RaftSettings raft,
        Duration heartbeatTimeout,
        Duration workerCallTimeout,
        int maxAssignmentsPerRound,
        StateLimits limits,
        SessionSettings sessions,
        String clientAddress,
        int maxWatches,
        AccessSettings access,
        int httpPort,
        Duration defaultTaskTimeout,
        int maxResultBytes) {

    public static final String DEFAULT_BIND_HOST = "0.0.0.0";
    public static final int DEFAULT_CLUSTER_PORT = 50051;
    public static final int DEFAULT_SCHEDULER_PORT = 50052;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WORKER_CALL_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ASSIGNMENTS_PER_ROUND = 1024;
    /** Open WatchTasks calls a node serves at once; each may hold a backlog of its own. */
    public static final int DEFAULT_MAX_WATCHES = 256;
    /** The CLI's default HTTP port (metrics, dashboard); a node built from {@link #defaults} serves none. */
    public static final int DEFAULT_HTTP_PORT = 50080;
    /** Largest task result stored, in UTF-8 bytes; a run that returns more is recorded as a failed attempt. */
    public static final int DEFAULT_MAX_RESULT_BYTES = 64 * 1024;
    /** What a Raft entry always has room for beside a batch (see {@code RaftNode}), whatever the payload limit. */
    static final int RESULT_BYTES_CEILING = 1 << 20;

    public LeaderConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(raft, "raft");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(access, "access");
        requirePort("cluster port", clusterPort);
        requirePort("scheduler port", schedulerPort);
        requirePort("raft port", raft.raftPort());
        requirePort("http port", httpPort);
        requirePositive("heartbeat timeout", heartbeatTimeout);
        requirePositive("worker call timeout", workerCallTimeout);
        if (maxAssignmentsPerRound <= 0) {
            throw new IllegalArgumentException("max assignments per round must be > 0, got " + maxAssignmentsPerRound);
        }
        if (maxWatches <= 0) {
            throw new IllegalArgumentException("max watches must be > 0, got " + maxWatches);
        }
        int resultCeiling = Math.max(RESULT_BYTES_CEILING, limits.maxPayloadBytes());
        if (maxResultBytes < 1 || maxResultBytes > resultCeiling) {
            throw new IllegalArgumentException("max result bytes must be between 1 and " + resultCeiling
                    + " (1 MiB, or the max payload bytes if larger), got " + maxResultBytes);
        }
        if (defaultTaskTimeout != null) {
            requirePositive("default task timeout", defaultTaskTimeout);
            if (defaultTaskTimeout.compareTo(TaskTiming.MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("default task timeout " + defaultTaskTimeout
                        + " is over the limit of " + TaskTiming.MAX_TIMEOUT.toDays() + " days");
            }
        }
    }

    /** A single node with every default, keeping its data in {@code dataDir}. */
    public static LeaderConfig defaults(Path dataDir) {
        return new LeaderConfig(
                DEFAULT_BIND_HOST,
                DEFAULT_CLUSTER_PORT,
                DEFAULT_SCHEDULER_PORT,
                RaftSettings.singleNode(dataDir, RaftSettings.DEFAULT_RAFT_PORT, RaftSettings.DEFAULT_SNAPSHOT_EVERY),
                DEFAULT_HEARTBEAT_TIMEOUT,
                DEFAULT_WORKER_CALL_TIMEOUT,
                DEFAULT_MAX_ASSIGNMENTS_PER_ROUND,
                StateLimits.defaults(),
                SessionSettings.defaults(),
                "127.0.0.1:" + DEFAULT_CLUSTER_PORT,
                DEFAULT_MAX_WATCHES,
                AccessSettings.open(),
                0,
                null,
                DEFAULT_MAX_RESULT_BYTES);
    }

    /** Moves the node to other ports; its advertised client address follows the cluster port. */
    public LeaderConfig withPorts(int cluster, int scheduler, int raftPort) {
        return with(c -> {
            c.clusterPort = cluster;
            c.schedulerPort = scheduler;
            c.raft = raft.withRaftPort(raftPort);
            c.clientAddress = raft.host() + ":" + cluster;
        });
    }

    public LeaderConfig withHeartbeatTimeout(Duration timeout) {
        return with(c -> c.heartbeatTimeout = timeout);
    }

    public LeaderConfig withSnapshotEvery(long entries) {
        return with(c -> c.raft = raft.withSnapshotEvery(entries));
    }

    public LeaderConfig withProposalTimeout(Duration timeout) {
        return with(c -> c.raft = raft.withProposalTimeout(timeout));
    }

    public LeaderConfig withLimits(StateLimits newLimits) {
        return with(c -> c.limits = newLimits);
    }

    public LeaderConfig withWorkerCallTimeout(Duration timeout) {
        return with(c -> c.workerCallTimeout = timeout);
    }

    public LeaderConfig withSessions(SessionSettings newSessions) {
        return with(c -> c.sessions = newSessions);
    }

    public LeaderConfig withMaxWatches(int watches) {
        return with(c -> c.maxWatches = watches);
    }

    /** The same node with access control: mutual TLS on its ports, trusted proxies, Raft TLS. */
    public LeaderConfig withAccess(AccessSettings newAccess) {
        return with(c -> c.access = newAccess);
    }

    /** The same node serving metrics (and the dashboard) on {@code port}: 0 for none, as {@link #defaults} has. */
    public LeaderConfig withHttpPort(int port) {
        return with(c -> c.httpPort = port);
    }

    /**
     * The same node giving tasks that set no start_to_close this one ({@code --default-task-timeout});
     * null for none, the default.
     */
    public LeaderConfig withDefaultTaskTimeout(Duration timeout) {
        return with(c -> c.defaultTaskTimeout = timeout);
    }

    /** The same node storing task results of up to {@code bytes} (UTF-8); {@code --max-result-bytes}. */
    public LeaderConfig withMaxResultBytes(int bytes) {
        return with(c -> c.maxResultBytes = bytes);
    }

    /** This node with what {@code change} sets on a copy of its components. */
    private LeaderConfig with(Consumer<Changes> change) {
        Changes c = new Changes(this);
        change.accept(c);
        return c.build();
    }

    /**
     * A copy of every component, so each wither names only what it changes; the record's
     * constructor still validates the result.
     */
    private static final class Changes {
        private final String bindHost;
        private int clusterPort;
        private int schedulerPort;
        private RaftSettings raft;
        private Duration heartbeatTimeout;
        private Duration workerCallTimeout;
        private final int maxAssignmentsPerRound;
        private StateLimits limits;
        private SessionSettings sessions;
        private String clientAddress;
        private int maxWatches;
        private AccessSettings access;
        private int httpPort;
        private Duration defaultTaskTimeout;
        private int maxResultBytes;

        Changes(LeaderConfig from) {
            bindHost = from.bindHost;
            clusterPort = from.clusterPort;
            schedulerPort = from.schedulerPort;
            raft = from.raft;
            heartbeatTimeout = from.heartbeatTimeout;
            workerCallTimeout = from.workerCallTimeout;
            maxAssignmentsPerRound = from.maxAssignmentsPerRound;
            limits = from.limits;
            sessions = from.sessions;
            clientAddress = from.clientAddress;
            maxWatches = from.maxWatches;
            access = from.access;
            httpPort = from.httpPort;
            defaultTaskTimeout = from.defaultTaskTimeout;
            maxResultBytes = from.maxResultBytes;
        }

        LeaderConfig build() {
            return new LeaderConfig(
                    bindHost,
                    clusterPort,
                    schedulerPort,
                    raft,
                    heartbeatTimeout,
                    workerCallTimeout,
                    maxAssignmentsPerRound,
                    limits,
                    sessions,
                    clientAddress,
                    maxWatches,
                    access,
                    httpPort,
                    defaultTaskTimeout,
                    maxResultBytes);
        }
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " " + port + " is outside 0-65535");
        }
    }

    static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
