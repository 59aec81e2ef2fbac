package dev.workcluster.leader.rpc;

import dev.workcluster.leader.cluster.WorkerSession;
import dev.workcluster.leader.scheduler.RunReconciliation;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's side of {@link RunReconciliation}: on each heartbeat it compares what the
 * worker runs with what the applied state gives it, remembers what was missing for the
 * next heartbeat, and sends the repairs. Called on the session's own handler only.
 */
final class SessionRepairs {
    private static final Logger log = LoggerFactory.getLogger(SessionRepairs.class);
    /** A run younger than this may still have its start on the way: not yet missing. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    private final SessionEndpoint endpoint;
    /** Runs the state gives this worker that its last heartbeat did not report. */
    private Set<String> missing = Set.of();

    SessionRepairs(SessionEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    void heartbeat(WorkerSession session, SessionHeartbeat heartbeat) {
        long assignedBefore = endpoint.core.proposer().clock().millis() - SETTLE.toMillis();
        Set<String> missingBefore = missing;
        RunReconciliation.Repairs repairs = endpoint.core
                .state()
                .read(s -> RunReconciliation.compare(
                        s,
                        session.memberId(),
                        heartbeat.getRunningAttemptsList(),
                        heartbeat.getUnacknowledgedList(),
                        missingBefore,
                        assignedBefore));
        missing = repairs.missing();
        if (repairs.isEmpty()) {
            return;
        }
        log.info(
                "event=runs_reconciled member={} start_again={} stop={} acknowledge={}",
                session.memberId(),
                repairs.start().size(),
                repairs.stop().size(),
                repairs.acknowledge().size());
        repairs.stop().forEach(stop -> session.send(SessionMessages.stop(stop)));
        repairs.acknowledge()
                .forEach(done -> session.send(
                        SessionResponse.newBuilder().setOutcomeAck(done).build()));
        endpoint.core.deliveries().startAgain(repairs.start());
    }
}
