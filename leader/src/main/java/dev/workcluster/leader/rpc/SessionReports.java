package dev.workcluster.leader.rpc;

import dev.workcluster.leader.cluster.WorkerSession;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.ReleaseTask;
import dev.workcluster.proto.cluster.v1.OutcomeAcks;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.TaskAttempt;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.cluster.v1.TaskOutcomes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a worker reports about its runs on its session: outcomes, one per message or
 * several ({@link TaskOutcomes}), hand-backs, and progress. Each becomes a command; an outcome is
 * acknowledged once its command committed, a batch with one {@link OutcomeAcks} for all
 * of it. Proposals count against the session's cap ({@link SessionProposals}).
 */
final class SessionReports {
    private final SessionEndpoint endpoint;
    private final SessionProposals proposals;

    SessionReports(SessionEndpoint endpoint, SessionProposals proposals) {
        this.endpoint = endpoint;
        this.proposals = proposals;
    }

    void outcome(WorkerSession session, TaskOutcome outcome) {
        CompleteTask.Builder complete =
                SessionMessages.outcome(outcome, endpoint.completions).setMemberId(session.memberId());
        proposals.propose(() -> propose(complete)).whenComplete((result, error) -> {
            if (error == null) { // recorded, or for a run that no longer exists: the worker may forget it
                session.send(SessionResponse.newBuilder()
                        .setOutcomeAck(SessionMessages.ack(outcome))
                        .build());
            }
        });
    }

    /** All of a batch is checked before any of it is proposed: a bad item refuses the whole message. */
    void outcomes(WorkerSession session, TaskOutcomes batch) {
        List<TaskOutcome> outcomes = SessionMessages.outcomes(batch);
        List<CompleteTask.Builder> completes = new ArrayList<>(outcomes.size());
        for (TaskOutcome outcome : outcomes) {
            completes.add(SessionMessages.outcome(outcome, endpoint.completions).setMemberId(session.memberId()));
        }
        proposals.propose(() -> {
            List<CompletableFuture<CommandResult>> results = new ArrayList<>(completes.size());
            completes.forEach(complete -> results.add(propose(complete)));
            return acknowledge(session, outcomes, results);
        });
    }

    /** One OutcomeAcks for the outcomes whose commands committed; completes when all are answered. */
    private static CompletableFuture<Void> acknowledge(
            WorkerSession session, List<TaskOutcome> outcomes, List<CompletableFuture<CommandResult>> results) {
        return CompletableFuture.allOf(results.stream()
                        .map(r -> r.exceptionally(error -> null))
                        .toArray(CompletableFuture[]::new))
                .thenRun(() -> {
                    OutcomeAcks.Builder acks = OutcomeAcks.newBuilder();
                    for (int i = 0; i < outcomes.size(); i++) {
                        if (!results.get(i).isCompletedExceptionally()) {
                            acks.addOutcomes(SessionMessages.ack(outcomes.get(i)));
                        }
                    }
                    if (acks.getOutcomesCount() > 0) {
                        session.send(SessionResponse.newBuilder()
                                .setOutcomeAcks(acks)
                                .build());
                    }
                });
    }

    /**
     * A worker hands back a start it cannot take (its slots are held by handlers that
     * ignore their stop): it gets nothing more until its next heartbeat, so the task
     * does not bounce straight back to it.
     */
    void handBack(WorkerSession session, TaskAttempt attempt) {
        ReleaseTask.Builder release = SessionMessages.handBack(attempt, session.memberId());
        endpoint.core.deliveries().pause(session.memberId());
        proposals.propose(
                () -> endpoint.core.proposer().propose(Command.newBuilder().setReleaseTask(release)));
    }

    /**
     * A handler reported progress: the run's heartbeat timeout starts over. Soft state on the leader,
     * not a command (a commit per report would cost more than the reports are worth); a report about a
     * run that is not this worker's current one changes nothing.
     */
    void progress(WorkerSession session, TaskAttempt run) {
        String taskId = Requests.id("progress.task_id", run.getTaskId());
        endpoint.core.state().read(s -> {
            endpoint.core.taskTimers().progress(s, session.memberId(), taskId, run.getAttempt(), run.getAssignment());
            return null;
        });
    }

    private CompletableFuture<CommandResult> propose(CompleteTask.Builder complete) {
        return endpoint.core.proposer().propose(Command.newBuilder().setCompleteTask(complete));
    }
}
