package dev.workcluster.leader.metrics;

import dev.workcluster.leader.raft.AppliedListener;
import dev.workcluster.leader.raft.Leadership;
import dev.workcluster.leader.raft.RaftStatus;
import dev.workcluster.leader.raft.SnapshotTimes;
import dev.workcluster.leader.state.GuardedState;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node's metrics in Prometheus' registry: what every node owns (its Raft view, its
 * process, its gRPC server, its sessions, heartbeats and snapshots) and, while it is the
 * ready leader, the cluster-wide task and member meters ({@link LeaderOnlyMeters}).
 * {@link #scrape()} is the text a Prometheus server reads from {@code /metrics}.
 *
 * <p>Recording costs a counter increment or a histogram update per task change, on the
 * applier's thread; everything else is read when scraped.
 */
public final class LeaderMetrics implements Leadership, AutoCloseable {
    private static final List<String> ROLES = List.of("leader", "follower", "candidate", "listener");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ProcessMeters process;
    private final GuardedState state;
    private final Clock clock;
    private final TaskTransitions transitions;
    /** Held here: Micrometer's function meters keep only weak references to what they read. */
    private final NodeSignals node;

    private volatile LeaderOnlyMeters leaderMeters;

    public LeaderMetrics(GuardedState state, NodeSignals node, Clock clock) {
        this.state = state;
        this.clock = clock;
        this.transitions = new TaskTransitions(() -> leaderMeters, clock);
        this.node = node;
        this.process = ProcessMeters.bindTo(registry);
        raft(node);
        Gauge.builder("workcluster_sessions", node.sessions(), s -> s.getAsInt())
                .description("Worker session streams open on this node (only the leader takes them)")
                .register(registry);
        FunctionCounter.builder("workcluster_heartbeats", node.heartbeats(), h -> h.getAsLong())
                .description("Heartbeats this node received while leader (unary and on session streams)")
                .register(registry);
        FunctionCounter.builder("workcluster_member_expirations", node.expirations(), e -> e.getAsLong())
                .description("Members this node expired as leader: no heartbeat within their timeout")
                .register(registry);
        FunctionTimer.builder(
                        "workcluster_snapshot",
                        node.snapshots(),
                        SnapshotTimes::count,
                        SnapshotTimes::totalNanos,
                        TimeUnit.NANOSECONDS)
                .description("Snapshots of the state this node wrote to disk, and how long writing took")
                .register(registry);
    }

    private void raft(NodeSignals node) {
        for (String role : ROLES) {
            Gauge.builder(
                            "workcluster_raft_role",
                            node,
                            n -> n.raft().get().role().equalsIgnoreCase(role) ? 1 : 0)
                    .description("1 for this node's current Raft role, 0 for the others")
                    .tag("role", role)
                    .register(registry);
        }
        Gauge.builder("workcluster_raft_term", node, n -> n.raft().get().term())
                .description("This node's current Raft term")
                .register(registry);
        Gauge.builder("workcluster_raft_commit_index", node, n -> n.raft().get().commitIndex())
                .description("The highest log index this node knows is committed")
                .register(registry);
        Gauge.builder(
                        "workcluster_raft_applied_index",
                        node,
                        n -> n.raft().get().appliedIndex())
                .description("The highest log index this node has applied to its state")
                .register(registry);
        Gauge.builder("workcluster_raft_log_bytes", node, n -> n.raftLogBytes().getAsLong())
                .description("Bytes of this node's Raft log segments on disk")
                .baseUnit("bytes")
                .register(registry);
        for (String id : node.peerIds()) {
            Gauge.builder(
                            "workcluster_raft_follower_lag",
                            node,
                            n -> lag(n.raft().get(), id))
                    .description("Entries a peer's commit index trails the leader's by; reported by the leader only")
                    .tag("peer", id)
                    .register(registry);
        }
    }

    private static double lag(RaftStatus status, String peerId) {
        if (!status.nodeId().equals(status.leaderId()) || peerId.equals(status.nodeId())) {
            return Double.NaN;
        }
        return status.peers().stream()
                .filter(p -> p.id().equals(peerId))
                .mapToDouble(p -> Math.max(0, status.commitIndex() - p.commitIndex()))
                .findFirst()
                .orElse(Double.NaN);
    }

    /** What turns applied task changes into counts: to be told of every applied entry. */
    public AppliedListener appliedListener() {
        return transitions;
    }

    /** Counts every call of the gRPC server it intercepts, by service, method and status. */
    public ServerInterceptor grpcInterceptor() {
        return new MetricCollectingServerInterceptor(registry);
    }

    @Override
    public synchronized void leaderReady() {
        if (leaderMeters == null) {
            leaderMeters = new LeaderOnlyMeters(registry, state, clock);
        }
    }

    @Override
    public synchronized void leadershipLost() {
        if (leaderMeters != null) {
            leaderMeters.remove();
            leaderMeters = null;
        }
    }

    /** The Prometheus text exposition of every meter; one scrape at a time, as it sets the per-queue rows. */
    public synchronized String scrape() {
        LeaderOnlyMeters onLeader = leaderMeters;
        if (onLeader != null) {
            onLeader.refreshQueues();
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        process.close();
        registry.close();
    }
}
