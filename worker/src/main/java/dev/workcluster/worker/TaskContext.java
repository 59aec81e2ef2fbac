package dev.workcluster.worker;

/**
 * What a {@link TaskHandler} knows about the attempt it runs. One context belongs to
 * one attempt; it is safe to read from any thread.
 */
public interface TaskContext {

    /** The task's id, as the scheduler client gave it. */
    String taskId();

    /** The task's payload text. */
    String payload();

    /**
     * Which attempt this is: 1 for the first run, higher for retries and requeues.
     * 0 when the transport does not say (the seed's push mode).
     */
    int attempt();

    /** How many attempts the task may use; 0 when the transport does not say (push mode). */
    int maxAttempts();

    /**
     * The assignment number of this run: unique per task and new on every hand-out, even at
     * the same attempt (a run given back unfinished goes out again at its attempt). A handler
     * whose side effects must not repeat can use (task id, assignment) as an idempotency key.
     * 0 when the transport does not say (push mode).
     */
    default int assignment() {
        return 0;
    }

    /**
     * Tells the leader this attempt is making progress. A task scheduled with a heartbeat timeout is
     * stopped and retried, like one over its start-to-close timeout, when its handler goes longer than
     * that without calling this. Cheap: call it as often as suits the work (between steps, every so many
     * records); the worker sends at most a few reports per heartbeat timeout, and none for a task that has
     * no heartbeat timeout. Does nothing in push mode (the seed's protocol cannot carry it) or after the
     * attempt was cancelled.
     */
    default void heartbeat() {}

    /**
     * True once the attempt was cancelled: the leader stopped the task, or the worker is
     * shutting down and its grace ran out. The handler's thread is interrupted at the same
     * moment. Whatever the handler returns after that is not reported.
     */
    boolean isCancelled();

    /**
     * Throws {@link TaskCancelledException} if the attempt was cancelled; a handler calls
     * it between steps of long work.
     *
     * @throws TaskCancelledException when {@link #isCancelled()} is true
     */
    void throwIfCancelled() throws TaskCancelledException;
}
