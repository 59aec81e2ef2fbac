package dev.workcluster.leader.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Caps the proposals one session has waiting for the log (outcomes, hand-backs). A
 * session reads its next message only while it is under the cap; at the cap, reading
 * resumes when one of its proposals completes. gRPC flow control then pushes back on
 * the worker, and the node's proposal queue stays shared fairly between sessions.
 */
final class SessionProposals {
    private final int max;
    private final Runnable readNext;
    private int inFlight;
    private boolean readHeld;

    /** {@code readNext}: asks gRPC for the session's next message (it may be called from any thread). */
    SessionProposals(int max, Runnable readNext) {
        this.max = max;
        this.readNext = readNext;
    }

    /** Counts the proposal until its future completes, however it completes. */
    <T> CompletableFuture<T> propose(Supplier<CompletableFuture<T>> proposal) {
        synchronized (this) {
            inFlight++;
        }
        CompletableFuture<T> result;
        try {
            result = proposal.get();
        } catch (RuntimeException e) {
            completed();
            throw e;
        }
        result.whenComplete((value, error) -> completed());
        return result;
    }

    /** After a message is handled: read the next one now, or once the session is under the cap again. */
    void readNext() {
        synchronized (this) {
            if (inFlight >= max) {
                readHeld = true;
                return;
            }
        }
        readNext.run();
    }

    synchronized int inFlight() {
        return inFlight;
    }

    private void completed() {
        synchronized (this) {
            inFlight--;
            if (!readHeld || inFlight >= max) {
                return;
            }
            readHeld = false;
        }
        readNext.run();
    }
}
