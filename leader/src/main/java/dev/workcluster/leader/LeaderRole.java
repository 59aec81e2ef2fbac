package dev.workcluster.leader;

import dev.workcluster.leader.cluster.HeartbeatDeadlines;
import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.raft.Leadership;
import dev.workcluster.leader.scheduler.Dispatcher;
import dev.workcluster.leader.scheduler.WorkerDeliveries;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.Transport;
import io.grpc.Status;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does only while it is the Raft leader: liveness deadlines, dispatching,
 * worker sessions. Taken up once the whole committed log is applied; dropped the
 * moment leadership is lost, so two nodes never dispatch at once.
 */
final class LeaderRole implements Leadership {
    private static final Logger log = LoggerFactory.getLogger(LeaderRole.class);

    private final LeaderConfig config;
    private final GuardedState state;
    private final HeartbeatDeadlines deadlines;
    private final Dispatcher dispatcher;
    private final WorkerSessions sessions;
    private final WorkerDeliveries deliveries;

    LeaderRole(
            LeaderConfig config,
            GuardedState state,
            HeartbeatDeadlines deadlines,
            Dispatcher dispatcher,
            WorkerSessions sessions,
            WorkerDeliveries deliveries) {
        this.config = config;
        this.state = state;
        this.deadlines = deadlines;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.deliveries = deliveries;
    }

    @Override
    public void leaderReady() {
        // Heartbeats went to the previous leader (or to nobody): every member gets a full
        // timeout of its kind to show up here before it can be expired. A library worker
        // first has to notice the old leader is gone and find this one, so it gets twice
        // the reconnect grace of a plain broken stream.
        List<MemberRecord> alive =
                state.read(s -> s.members().stream().filter(MemberRecord::alive).toList());
        deadlines.grace(
                alive.stream()
                        .filter(m -> m.transport() == Transport.PUSH)
                        .map(MemberRecord::id)
                        .toList(),
                config.heartbeatTimeout());
        deadlines.grace(
                alive.stream()
                        .filter(m -> m.transport() == Transport.STREAM)
                        .map(MemberRecord::id)
                        .toList(),
                config.sessions().reconnectGrace().multipliedBy(2));
        sessions.accept();
        dispatcher.activate();
        log.info(
                "event=dispatching_started node={} members_in_grace={}",
                config.raft().nodeId(),
                alive.size());
    }

    @Override
    public void leadershipLost() {
        dispatcher.deactivate();
        deadlines.forgetAll();
        sessions.closeAll(Status.UNAVAILABLE.withDescription("this node stopped being the Raft leader"));
        deliveries.forgetAll();
        log.info("event=dispatching_stopped node={}", config.raft().nodeId());
    }
}
