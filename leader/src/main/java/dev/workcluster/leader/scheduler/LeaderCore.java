package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.cluster.HeartbeatDeadlines;
import dev.workcluster.leader.cluster.TaskTimers;
import dev.workcluster.leader.cluster.WorkerSessions;
import dev.workcluster.leader.raft.Proposer;
import dev.workcluster.leader.state.GuardedState;

/**
 * What the node's member-facing parts (the leader's duties, member expiry, the cluster.v1 service, the session
 * streams) all work through: the replicated state and the proposer that changes it through the log, and the soft
 * state only the Raft leader acts on (heartbeat deadlines, task timers, open session streams, deliveries on their
 * way). One per
 * node, made by {@code LeaderServer}. It lives beside {@link WorkerDeliveries}, the highest of its parts' packages,
 * so that {@code rpc} and the node can both take it without a package cycle.
 */
public record LeaderCore(
        GuardedState state,
        Proposer proposer,
        HeartbeatDeadlines deadlines,
        WorkerSessions sessions,
        WorkerDeliveries deliveries,
        TaskTimers taskTimers) {}
