package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.Limits;
import dev.workcluster.leader.state.proto.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups concurrently proposed commands into one log entry. A bounded number of
 * entries is in flight at once; while they are, new commands queue up and leave
 * together as the next entry. Under light load an entry carries one command and
 * adds no delay; under heavy load entries grow and the per-entry cost is shared.
 *
 * <p>Entries leave from one thread of their own, never from the thread that proposes or the one
 * that hears an entry answered: Ratis may complete replies while it holds its server lock (when
 * the leader steps down), and a submit from there would wait for that same lock. The commit
 * timeout is one periodic sweep rather than a timer per entry, which woke the timer thread for
 * every entry.
 */
final class ProposalBatcher implements CommandLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProposalBatcher.class);

    /**
     * Sends one encoded batch through Raft. Once the entry is applied on this node, its results
     * go to {@code onApplied}, in memory, on the apply thread; the returned reply is Raft's answer
     * about the entry, which completes after that, or fails.
     */
    interface EntrySubmitter {
        CompletableFuture<?> submit(byte[] entry, Consumer<List<CommandResult>> onApplied);
    }

    private record Proposal(Command command, CompletableFuture<CommandResult> result) {}

    /** An entry sent and not yet answered, and when it was sent. */
    private record Unanswered(List<Proposal> batch, long sentAtNanos) {}

    /** Bounds what waits for the log, so a flood of writes cannot grow the heap without end. */
    static final int MAX_QUEUED_COMMANDS = 200_000;

    static final long MAX_QUEUED_BYTES = 256L << 20;

    private final BlockingQueue<Proposal> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final EntrySubmitter submitter;
    private final Semaphore inFlight;
    private final int maxCommands;
    private final int maxBytes;
    private final Thread thread;
    /** Fails entries past their timeout, and the callers of failed entries, off Ratis' threads. */
    private final java.util.concurrent.ScheduledExecutorService housekeeping =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "raft-proposal-timeouts");
                t.setDaemon(true);
                return t;
            });
    /** Entries sent and not yet answered, by their reply: close() fails them, as Raft may never answer. */
    private final Map<CompletableFuture<?>, Unanswered> unanswered = new ConcurrentHashMap<>();

    private volatile boolean closed;
    private volatile PlacementSource placements = PlacementSource.NONE;

    private final Limits limits;

    private final int maxQueuedCommands;
    private final long proposalTimeoutNanos;
    private final long maxQueuedBytes;

    ProposalBatcher(EntrySubmitter submitter, RaftSettings settings, Limits limits) {
        this(submitter, settings, limits, MAX_QUEUED_COMMANDS, MAX_QUEUED_BYTES);
    }

    ProposalBatcher(
            EntrySubmitter submitter,
            RaftSettings settings,
            Limits limits,
            int maxQueuedCommands,
            long maxQueuedBytes) {
        this.proposalTimeoutNanos = settings.proposalTimeout().toNanos();
        this.maxQueuedCommands = maxQueuedCommands;
        this.maxQueuedBytes = maxQueuedBytes;
        this.limits = limits;
        this.submitter = submitter;
        this.inFlight = new Semaphore(settings.maxEntriesInFlight());
        this.maxCommands = settings.batchMaxCommands();
        this.maxBytes = settings.batchMaxBytes();
        this.thread = new Thread(this::run, "raft-proposals");
        this.thread.setDaemon(true);
        this.thread.start();
        // A timeout is caught within a quarter of itself (at most a second) after it passes.
        long sweepNanos = Math.max(
                java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5),
                Math.min(java.util.concurrent.TimeUnit.SECONDS.toNanos(1), proposalTimeoutNanos / 4));
        housekeeping.scheduleWithFixedDelay(
                this::failOverdue, sweepNanos, sweepNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Asked for the placement of every entry as it leaves. */
    void placeWith(PlacementSource source) {
        this.placements = source;
    }

    @Override
    public CompletableFuture<CommandResult> propose(Command command) {
        CompletableFuture<CommandResult> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(shuttingDown());
            return result;
        }
        int size = command.getSerializedSize();
        if (queue.size() >= maxQueuedCommands || queuedBytes.get() + size > maxQueuedBytes) {
            result.completeExceptionally(new OverloadedException("leader is overloaded: " + queue.size() + " commands ("
                    + (queuedBytes.get() >> 20) + " MiB) wait for the log; retry later"));
            return result;
        }
        queuedBytes.addAndGet(size);
        queue.add(new Proposal(command, result));
        if (closed && queue.remove(new Proposal(command, result))) {
            queuedBytes.addAndGet(-size);
            // lost the race with close(): nobody will drain it any more
            result.completeExceptionally(shuttingDown());
        }
        return result;
    }

    private void run() {
        try {
            while (!closed) {
                Proposal first = queue.take();
                try {
                    inFlight.acquire();
                } catch (InterruptedException e) {
                    queue.add(first); // failed with the rest below
                    throw e;
                }
                List<Proposal> batch = collect(first);
                send(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Proposal> stranded = new ArrayList<>();
        queue.drainTo(stranded);
        failAll(stranded, shuttingDown());
    }

    private List<Proposal> collect(Proposal first) {
        List<Proposal> batch = new ArrayList<>();
        batch.add(first);
        int bytes = first.command().getSerializedSize();
        Proposal next;
        while (batch.size() < maxCommands && bytes < maxBytes && (next = queue.peek()) != null) {
            int size = next.command().getSerializedSize();
            if (bytes + size > maxBytes) {
                break;
            }
            batch.add(queue.poll());
            bytes += size;
        }
        queuedBytes.addAndGet(-bytes);
        return batch;
    }

    private void send(List<Proposal> batch) {
        CommandBatch.Builder entry = CommandBatch.newBuilder().setLimits(limits);
        batch.forEach(p -> entry.addCommands(p.command()));
        Placement placement = placementOf(entry.getCommandsList());
        if (placement != null) {
            entry.setPlacement(placement);
        }
        CompletableFuture<?> reply;
        try {
            reply = submitter.submit(entry.build().toByteArray(), results -> completeAll(batch, results));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        // Without a majority nothing commits and Raft itself may wait long: failOverdue answers in bounded time.
        unanswered.put(reply, new Unanswered(batch, System.nanoTime()));
        if (closed) {
            failAll(batch, shuttingDown()); // close() may have swept the unanswered entries before this one was added
        }
        CompletableFuture<?> sent = reply;
        sent.whenComplete((answer, error) -> answered(sent, error));
    }

    private Placement placementOf(List<Command> commands) {
        try {
            return placements.placementFor(commands);
        } catch (RuntimeException e) {
            log.warn("event=placement_skipped error={}", e.toString());
            return null; // the entry's commands matter more than its placement
        }
    }

    /**
     * The entry's results, on the apply thread: completing the callers' futures runs their
     * continuations (building gRPC replies and queueing them on their network threads) right
     * here. That holds up the next entry a little; handing each entry to another thread cost
     * more, in wake-ups, than the continuations themselves.
     */
    private static void completeAll(List<Proposal> batch, List<CommandResult> results) {
        if (results.size() != batch.size()) {
            log.error("event=batch_result_mismatch commands={} results={}", batch.size(), results.size());
            failAll(
                    batch,
                    new ProposalFailedException(
                            "a committed entry of " + batch.size() + " commands gave " + results.size() + " results",
                            null));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    /**
     * Raft's answer about the entry. On success the callers have their results already
     * ({@link #completeAll}); failures are handled on {@link #housekeeping}, off Ratis' threads.
     * After close() the callers already had their answer, and the completing thread gets no
     * exception back.
     */
    private void answered(CompletableFuture<?> reply, Throwable error) {
        inFlight.release();
        Unanswered entry = unanswered.remove(reply);
        if (entry == null) {
            return; // failed by close()
        }
        List<Proposal> batch = entry.batch();
        if (error == null) {
            if (!batch.stream().allMatch(p -> p.result().isDone())) {
                log.error("event=batch_result_missing commands={}", batch.size());
                failAll(
                        batch,
                        new ProposalFailedException("a committed entry's results did not reach its proposer", null));
            }
            return;
        }
        try {
            housekeeping.execute(() -> failAll(batch, asProposalFailure(error)));
        } catch (RejectedExecutionException e) {
            failAll(batch, shuttingDown());
        }
    }

    /** Entries not answered within the proposal timeout fail as timed out, as Raft may go on waiting. */
    private void failOverdue() {
        long now = System.nanoTime();
        unanswered.forEach((reply, entry) -> {
            if (now - entry.sentAtNanos() >= proposalTimeoutNanos) {
                reply.completeExceptionally(
                        new java.util.concurrent.TimeoutException("not answered within the proposal timeout"));
            }
        });
    }

    private static ProposalFailedException asProposalFailure(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        if (cause instanceof ProposalFailedException pfe) {
            return pfe;
        }
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return new ProposalFailedException(
                    "not committed in time: the Raft group may have lost its quorum "
                            + "(fewer than a majority of nodes reachable) or be electing a leader",
                    cause);
        }
        return new ProposalFailedException("not committed: " + cause.getMessage(), cause);
    }

    private static void failAll(List<Proposal> batch, ProposalFailedException error) {
        batch.forEach(p -> p.result().completeExceptionally(error));
    }

    private static ProposalFailedException shuttingDown() {
        return new ProposalFailedException("node is shutting down", null);
    }

    /** Every proposal not yet answered fails now: whether its entry commits is no longer this node's to report. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        unanswered.keySet().forEach(reply -> {
            Unanswered entry = unanswered.remove(reply);
            if (entry != null) {
                failAll(entry.batch(), shuttingDown());
            }
        });
        housekeeping.shutdown();
    }
}
