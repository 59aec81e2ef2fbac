package dev.workcluster.leader;

import dev.workcluster.leader.access.AccessControl;
import dev.workcluster.leader.cluster.HeartbeatDeadlines;
import dev.workcluster.leader.cluster.TaskTimers;
import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.dashboard.Dashboard;
import dev.workcluster.leader.http.HttpPort;
import dev.workcluster.leader.http.MetricsHandler;
import dev.workcluster.leader.metrics.LeaderMetrics;
import dev.workcluster.leader.metrics.NodeSignals;
import dev.workcluster.leader.raft.AppliedListener;
import dev.workcluster.leader.raft.Leadership;
import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.raft.RaftNode;
import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.raft.RaftStatus;
import dev.workcluster.leader.raft.StalledFollowers;
import dev.workcluster.leader.rpc.Completions;
import dev.workcluster.leader.rpc.ElectionWait;
import dev.workcluster.leader.rpc.GrpcEndpoints;
import dev.workcluster.leader.rpc.LeaderServiceRpc;
import dev.workcluster.leader.rpc.MemberViews;
import dev.workcluster.leader.rpc.NodeStatus;
import dev.workcluster.leader.rpc.SchedulerServiceRpc;
import dev.workcluster.leader.rpc.ServerEventLoops;
import dev.workcluster.leader.rpc.SessionEndpoint;
import dev.workcluster.leader.rpc.WatchFeed;
import dev.workcluster.leader.scheduler.AppliedAssignments;
import dev.workcluster.leader.scheduler.Dispatcher;
import dev.workcluster.leader.scheduler.LeaderCore;
import dev.workcluster.leader.scheduler.PushWorkerClients;
import dev.workcluster.leader.scheduler.TaskTrail;
import dev.workcluster.leader.scheduler.WorkerDeliveries;
import dev.workcluster.leader.schedules.ScheduleFirings;
import dev.workcluster.leader.schedules.ScheduleTimers;
import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.StateChanges;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.RegisterNode;
import io.grpc.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A leader node's lifecycle: wires state, Raft, liveness, dispatcher and the gRPC edge; stops them in reverse. */
public final class LeaderServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderServer.class);

    private static final long LEADERSHIP_CHECK_MILLIS = 100;
    private static final long CATCH_UP_POLL_MILLIS = 50;
    private static final long CATCH_UP_WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long STALLED_FOLLOWER_CHECK_MILLIS = 3_000;
    /** A leader stopped on purpose first hands leadership to an up-to-date peer, for up to this long. */
    private static final Duration LEADERSHIP_HANDOVER = Duration.ofSeconds(5);

    private final LeaderConfig config;
    private final GuardedState state;
    private final RaftNode raft;
    private final PushWorkerClients pushWorkers;
    private final ScheduledExecutorService timers;
    /** Delayed tasks and timeouts on a thread of their own: a flood of them never delays a member's expiry. */
    private final ScheduledExecutorService taskTimerThread;

    private final HeartbeatDeadlines deadlines;
    private final TaskTimers taskTimers;
    private final PassedDeadlines passedDeadlines;
    private final ScheduleTimers scheduleTimers;
    private final WorkerSessions sessions = new WorkerSessions();
    private final WorkerDeliveries deliveries;
    private final Dispatcher dispatcher;
    private final AppliedAssignments appliedAssignments;
    private final TaskTrail taskTrail;
    private final MemberExpiry expiry;
    private final GrpcEndpoints endpoints;
    private final AccessControl access;
    private final WatchFeed feed;
    private final CountDownLatch ready = new CountDownLatch(1);
    /** The follower's read of the leader's commit index in flight; only the timer thread touches it. */
    private CompletableFuture<Void> catchingUp;
    /** Since start, or since the last warning that this node still waits for the leader. */
    private long catchUpWarnedNanos = System.nanoTime();

    private final LeaderRole duties;
    private final LeaderMetrics metrics;
    private HttpPort http;
    private Dashboard dashboard;

    private LeaderServer(LeaderConfig config) throws IOException {
        this.config = config;
        Clock clock = Clock.systemUTC();
        this.state = new GuardedState(new ClusterState(config.limits()));
        // First: a TLS file that does not load stops the node before it holds any resource.
        this.access = AccessControl.of(
                config.access(),
                taskId -> state.read(s -> {
                    TaskRecord task = s.task(taskId);
                    return task == null ? null : task.memberId();
                }));
        this.raft = new RaftNode(
                config.raft(),
                state,
                config.limits(),
                config.access().raftTls() ? access.tls().raftTls() : null);
        Proposer proposer = new Proposer(raft.commandLog(), clock);
        this.pushWorkers = new PushWorkerClients(config.workerCallTimeout(), access.channelCredentials());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "heartbeat-deadlines"));
        ServerEventLoops loops = new ServerEventLoops(); // closed with the endpoints that serve on them
        this.deadlines = new HeartbeatDeadlines(
                config.heartbeatTimeout(), timers, this::expire, System::nanoTime, clock::millis, loops::readUpToNanos);
        this.deliveries = new WorkerDeliveries(state, proposer, pushWorkers, sessions, config.workerCallTimeout());
        this.taskTimerThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "task-timers"));
        this.taskTimers = new TaskTimers(taskTimerThread, clock::millis, this::deadlinesPassed);
        LeaderCore core = new LeaderCore(state, proposer, deadlines, sessions, deliveries, taskTimers);
        this.dispatcher = new Dispatcher(state, proposer, deliveries, timers, config.maxAssignmentsPerRound());
        raft.placeWith(dispatcher);
        this.appliedAssignments = new AppliedAssignments(deliveries, dispatcher::isActive);
        this.taskTrail = new TaskTrail(dispatcher::isActive);
        this.expiry = new MemberExpiry(core, raft::isLeaderReady);
        this.passedDeadlines = new PassedDeadlines(core, raft::isLeaderReady);
        ScheduleFirings firings = new ScheduleFirings(state, proposer, deliveries, raft::isLeaderReady);
        this.scheduleTimers = new ScheduleTimers(taskTimerThread, clock::millis, state, firings::due);
        firings.timers(scheduleTimers);
        this.metrics = new LeaderMetrics(
                state,
                new NodeSignals(
                        raft::status,
                        peerIds(config.raft()),
                        raft::logBytes,
                        sessions::count,
                        deadlines::heartbeats,
                        expiry::expirations,
                        raft.snapshotTimes()),
                clock);
        MemberViews memberViews = new MemberViews(deadlines, sessions, deliveries, raft::isLeaderReady);
        this.feed = new WatchFeed(state, memberViews, config.maxWatches());
        Completions completions = new Completions(config.maxResultBytes());
        SessionEndpoint sessionEndpoint = new SessionEndpoint(
                core,
                dispatcher,
                config.sessions(),
                config.raft().nodeId(),
                raft::isLeaderReady,
                this::leaderClientAddress,
                () -> clientAddressOf(raft.liveLeaderId()),
                new ElectionWait(timers, System::nanoTime),
                feed::refreshMember,
                completions);
        NodeStatus status = new NodeStatus(state, raft::status, this::clientAddressOf, sessions, clock, version());
        int maxMessageBytes = Math.max(4 << 20, config.limits().maxPayloadBytes() + (64 << 10));
        this.endpoints = new GrpcEndpoints(
                config.bindHost(),
                config.clusterPort(),
                config.schedulerPort(),
                maxMessageBytes,
                List.of(
                        new LeaderServiceRpc(core, sessionEndpoint, memberViews, status),
                        new SchedulerServiceRpc(
                                state,
                                proposer,
                                deliveries,
                                config.limits(),
                                config.defaultTaskTimeout(),
                                completions,
                                feed)),
                raft::isLeaderReady,
                this::leaderClientAddress,
                config.clientAddress(),
                loops,
                access,
                metrics.grpcInterceptor());
        this.duties = new LeaderRole(config, core, dispatcher);
    }

    /** Starts a node and returns once its ports are bound; it takes writes once {@link #awaitReady} returns. */
    public static LeaderServer start(LeaderConfig config) throws IOException {
        LeaderServer server = new LeaderServer(config);
        try {
            server.raft.start(
                    Leadership.all(server.duties, server.scheduleTimers, server.metrics), server.new AppliedChanges());
            if (config.httpPort() > 0) {
                server.dashboard = Dashboard.forNode(
                        config.bindHost(),
                        server.clusterPort(),
                        server.advertisedAddress(),
                        server.access,
                        config.limits().maxPayloadBytes());
                server.http = HttpPort.start(
                        config.bindHost(),
                        config.httpPort(),
                        Map.of("/metrics", MetricsHandler.of(server.metrics::scrape), "/", server.dashboard));
            }
            server.timers.schedule(server::checkCaughtUp, 0, TimeUnit.MILLISECONDS);
            // Ratis does not announce every loss of leadership (a step-down with no successor
            // yet names no new leader), so the role is also checked here.
            server.timers.scheduleWithFixedDelay(
                    server.raft::checkLeadership,
                    LEADERSHIP_CHECK_MILLIS,
                    LEADERSHIP_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
            StalledFollowers stalled =
                    new StalledFollowers(server.raft::status, server.raft::isLeaderReady, server::writeNothing);
            server.timers.scheduleWithFixedDelay(
                    stalled::check,
                    STALLED_FOLLOWER_CHECK_MILLIS,
                    STALLED_FOLLOWER_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        log.info(
                "event=leader_started cluster_port={} scheduler_port={} raft_port={} data_dir={}",
                server.clusterPort(),
                server.schedulerPort(),
                config.raft().raftPort(),
                config.raft().dataDir());
        return server;
    }

    /**
     * Waits until this node has caught up with the Raft leader: as the leader, once it applied
     * everything committed before its term; as a follower, once it applied everything the leader
     * had committed when asked ({@link RaftNode#catchUpWithLeader()}). From then on it answers
     * reads and forwards writes, whatever its role.
     */
    public void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("node did not catch up with a Raft leader within " + timeout);
        }
    }

    public RaftStatus raftStatus() {
        return raft.status();
    }

    private void checkCaughtUp() {
        RaftStatus status = raft.status();
        boolean leaderIsUs = status.leaderId().equals(status.nodeId());
        if (status.leaderId().isEmpty()) {
            catchingUp = null;
        } else if (leaderIsUs) {
            catchingUp = null;
            if (raft.isLeaderReady() && status.appliedIndex() >= status.commitIndex()) {
                becomeReady(status);
                return;
            }
        } else if (catchingUp == null) {
            catchingUp = raft.catchUpWithLeader();
        } else if (catchingUp.isDone()) {
            if (!catchingUp.isCompletedExceptionally()) {
                becomeReady(raft.status());
                return;
            }
            long now = System.nanoTime();
            if (now - catchUpWarnedNanos > CATCH_UP_WARN_EVERY_NANOS) {
                catchUpWarnedNanos = now;
                log.warn(
                        "event=catch_up_waiting leader={} applied_index={} commit_index={} error={}",
                        status.leaderId(),
                        status.appliedIndex(),
                        status.commitIndex(),
                        catchingUp
                                .handle((ignored, error) -> String.valueOf(error))
                                .join());
            }
            catchingUp = null; // no leader answered: ask again
        }
        if (!timers.isShutdown()) {
            timers.schedule(this::checkCaughtUp, CATCH_UP_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void becomeReady(RaftStatus status) {
        endpoints.serving(true);
        ready.countDown();
        if (!status.leaderId().equals(status.nodeId())) {
            LeaderClasses.preloadInBackground();
        }
        registerClientAddress();
        log.info(
                "event=node_ready node={} role={} leader={} applied_index={}",
                status.nodeId(),
                status.role(),
                status.leaderId(),
                status.appliedIndex());
    }

    /** Commits an entry that changes nothing: this node's address, registered again. */
    private void writeNothing() {
        raft.proposeFromAnyNode(Command.newBuilder()
                .setRegisterNode(RegisterNode.newBuilder()
                        .setNodeId(config.raft().nodeId())
                        .setClientAddress(advertisedAddress()))
                .build());
    }

    /** Records where clients reach this node, so every node can point clients at it. */
    private void registerClientAddress() {
        String nodeId = config.raft().nodeId();
        String address = advertisedAddress();
        if (address.equals(state.read(s -> s.nodes().get(nodeId)))) {
            return;
        }
        raft.proposeFromAnyNode(Command.newBuilder()
                        .setRegisterNode(
                                RegisterNode.newBuilder().setNodeId(nodeId).setClientAddress(address))
                        .build())
                .whenComplete((result, error) -> log.info(
                        "event=node_registered node={} client_address={} committed={}",
                        nodeId,
                        address,
                        error == null ? "true" : error.toString()));
    }

    /** The configured client address; a port of 0 (bind anywhere, as tests do) becomes the bound one. */
    private String advertisedAddress() {
        String address = config.clientAddress();
        return address.endsWith(":0") ? address.substring(0, address.length() - 1) + endpoints.clusterPort() : address;
    }

    /** host:port of the current Raft leader's cluster.v1 port, or "" when no leader is known. */
    private String leaderClientAddress() {
        return clientAddressOf(raft.status().leaderId());
    }

    public int clusterPort() {
        return endpoints.clusterPort();
    }

    public int schedulerPort() {
        return endpoints.schedulerPort();
    }

    /** The HTTP port serving {@code /metrics}, or 0 when the node serves none. */
    public int httpPort() {
        return http == null ? 0 : http.port();
    }

    public LeaderConfig config() {
        return config;
    }

    /** Every applied entry wakes the dispatcher and reaches the watchers; at DEBUG its tasks' steps are logged. */
    private final class AppliedChanges implements AppliedListener {
        @Override
        public void applied(ClusterState state, StateChanges changes, CommandBatch batch, List<CommandResult> results) {
            taskTrail.applied(state, changes, batch, results); // first: the steps precede the starts they cause
            applied(state, changes);
            scheduleTimers.applied(state, batch);
        }

        @Override
        public void applied(ClusterState state, StateChanges changes) {
            appliedAssignments.applied(state, changes);
            taskTimers.applied(state, changes);
            dispatcher.applied(state);
            feed.applied(state, changes);
            metrics.appliedListener().applied(state, changes);
        }

        @Override
        public void replaced(ClusterState state) {
            taskTimers.replaced(state);
            scheduleTimers.replaced(state);
            dispatcher.wake();
            feed.replaced(state);
            metrics.appliedListener().replaced(state);
        }
    }

    /** host:port of a node's cluster.v1 port, as the node registered it in the log ("" when unknown). */
    private String clientAddressOf(String nodeId) {
        if (nodeId.equals(config.raft().nodeId())) {
            return advertisedAddress();
        }
        return nodeId.isEmpty() ? "" : state.read(s -> s.nodes().getOrDefault(nodeId, ""));
    }

    private static String version() {
        String version = LeaderServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Every node of the group; a group of one lists no peers but has this node. */
    private static List<String> peerIds(RaftSettings raft) {
        List<String> ids = raft.peers().stream().map(RaftSettings.Peer::id).toList();
        return ids.isEmpty() ? List.of(raft.nodeId()) : ids;
    }

    private void expire(String memberId) {
        expiry.expire(memberId);
    }

    private void deadlinesPassed(List<String> taskIds) {
        passedDeadlines.due(taskIds);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        raft.handOverLeadership(LEADERSHIP_HANDOVER);
        try {
            dispatcher.close(); // no new assignments, and the round in progress has ended
            deadlines.close();
            sessions.closeAll(Status.UNAVAILABLE.withDescription("leader node shutting down"));
            feed.close(); // open watches end now, instead of holding the servers' drain for its full wait
            endpoints.close();
            if (http != null) {
                http.close();
            }
            if (dashboard != null) {
                dashboard.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        taskTimers.stop();
        scheduleTimers.leadershipLost();
        taskTimerThread.shutdownNow();
        pushWorkers.close();
        try {
            raft.close();
        } catch (IOException e) {
            log.warn("event=raft_close_failed error={}", e.toString());
        }
        access.close();
        metrics.close();
        log.info("event=leader_stopped");
    }
}
