package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.state.MemberRecord;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Seed workers: the leader calls their worker.v1.WorkerService. */
final class PushDelivery implements Delivery {
    private static final Logger log = LoggerFactory.getLogger(PushDelivery.class);
    private final PushWorkerClients clients;

    PushDelivery(PushWorkerClients clients) {
        this.clients = clients;
    }

    @Override
    public boolean canReceive(MemberRecord member) {
        return !member.address().isEmpty();
    }

    @Override
    public CompletableFuture<Boolean> start(Assignment a) {
        return clients.startWork(a.address(), a.taskId(), a.payload());
    }

    @Override
    public void stop(String memberId, String address, String taskId, int attempt, int assignment, String reason) {
        clients.stopWork(address, taskId)
                .whenComplete((ok, error) -> TaskLog.about(log.atInfo(), taskId, attempt, assignment)
                        .log(
                                "event=stop_work {} member={} success={} error={}",
                                memberId,
                                ok,
                                error == null ? "" : error.getMessage()));
    }
}
