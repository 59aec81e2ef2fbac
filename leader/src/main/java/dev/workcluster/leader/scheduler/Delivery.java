package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.state.MemberRecord;
import java.util.concurrent.CompletableFuture;

/** How assignments reach the workers of one transport. */
interface Delivery {
    /** Whether work sent to this member now could reach it. */
    boolean canReceive(MemberRecord member);

    /** Completes true once the worker took the task; false (or exceptionally) when it did not. */
    CompletableFuture<Boolean> start(Assignment assignment);

    /** Best effort: tells the worker to stop a task that is no longer its to run. */
    void stop(String memberId, String address, String taskId, int attempt, int assignment, String reason);
}
