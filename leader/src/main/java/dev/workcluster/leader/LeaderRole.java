package dev.workcluster.leader;

import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.raft.Leadership;
import dev.workcluster.leader.scheduler.Dispatcher;
import dev.workcluster.leader.scheduler.LeaderCore;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.Transport;
import io.grpc.Status;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node does only while it is the Raft leader: liveness deadlines, task timers (delayed tasks,
 * timeouts), dispatching, worker sessions. Taken up once the whole committed log is applied; dropped the
 * moment leadership is lost, so two nodes never dispatch at once.
 */
final class LeaderRole implements Leadership {
    private static final Logger log = LoggerFactory.getLogger(LeaderRole.class);

    private final LeaderConfig config;
    private final LeaderCore core;
    private final Dispatcher dispatcher;

    LeaderRole(LeaderConfig config, LeaderCore core, Dispatcher dispatcher) {
        this.config = config;
        this.core = core;
        this.dispatcher = dispatcher;
    }

    @Override
    public void leaderReady() {
        // Heartbeats went to the previous leader (or to nobody): every member gets a full
        // timeout of its kind to show up here before it can be expired. A library worker
        // first has to notice the old leader is gone and find this one, so it gets twice
        // the reconnect grace of a plain broken stream.
        List<MemberRecord> alive = core.state()
                .read(s -> s.members().stream().filter(MemberRecord::alive).toList());
        core.deadlines().grace(idsOf(alive, Transport.PUSH), config.heartbeatTimeout());
        core.deadlines()
                .grace(
                        idsOf(alive, Transport.STREAM),
                        config.sessions().reconnectGrace().multipliedBy(2));
        core.sessions().accept();
        core.state().read(s -> {
            core.taskTimers().start(s); // delayed tasks and timeouts, from the applied state
            return null;
        });
        dispatcher.activate();
        log.info(
                "event=dispatching_started node={} members_in_grace={}",
                config.raft().nodeId(),
                alive.size());
    }

    private static List<String> idsOf(List<MemberRecord> members, Transport transport) {
        return members.stream()
                .filter(m -> m.transport() == transport)
                .map(MemberRecord::id)
                .toList();
    }

    @Override
    public void leadershipLost() {
        dispatcher.deactivate();
        core.deadlines().forgetAll();
        core.taskTimers().stop();
        core.sessions().closeAll(Status.UNAVAILABLE.withDescription("this node stopped being the Raft leader"));
        core.deliveries().forgetAll();
        log.info("event=dispatching_stopped node={}", config.raft().nodeId());
    }
}
