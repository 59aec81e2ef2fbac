package dev.workcluster.leader.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ScheduleTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batching, bounds and shutdown of the proposal path, with a submitter the test completes by hand. */
class ProposalBatcherTest {
    private final List<CommandBatch> sent = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<byte[]>> replies = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<CommandResult>>> onApplied = new CopyOnWriteArrayList<>();
    private final RaftSettings settings = new RaftSettings(
            Path.of("unused"),
            "n1",
            "127.0.0.1",
            1,
            100,
            1024,
            1 << 20,
            1,
            java.util.List.of(),
            java.time.Duration.ofSeconds(5),
            8L << 20);
    private ProposalBatcher batcher;

    private ProposalBatcher start(int maxQueued) {
        return start(maxQueued, settings);
    }

    private ProposalBatcher start(int maxQueued, RaftSettings settings) {
        batcher = new ProposalBatcher(
                (entry, results) -> {
                    CompletableFuture<byte[]> reply = new CompletableFuture<>();
                    onApplied.add(results);
                    replies.add(reply);
                    try {
                        sent.add(CommandBatch.parseFrom(entry)); // last: a test that sees it finds the rest
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return reply;
                },
                settings,
                StateLimits.defaults().toProto(),
                maxQueued,
                1L << 30);
        return batcher;
    }

    @AfterEach
    void close() {
        batcher.close();
    }

    static Command command(int i) {
        return Command.newBuilder()
                .setScheduleTask(ScheduleTask.newBuilder().setId("t" + i).setPayload("p"))
                .build();
    }

    /** What Raft does with a committed entry: apply hands its results over, then the reply completes. */
    private void commit(int entry) {
        List<CommandResult> results = new ArrayList<>();
        sent.get(entry).getCommandsList().forEach(c -> results.add(CommandResult.getDefaultInstance()));
        onApplied.get(entry).accept(results);
        replies.get(entry).complete(new byte[0]);
    }

    @Test
    void commandsProposedWhileAnEntryIsInFlightLeaveTogetherAsTheNextEntry() throws Exception {
        start(1_000);
        List<CompletableFuture<CommandResult>> results = new ArrayList<>();
        results.add(batcher.propose(command(0)));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        for (int i = 1; i <= 50; i++) {
            results.add(batcher.propose(command(i)));
        }
        commit(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);

        assertThat(sent.get(1).getCommandsCount()).isEqualTo(50);
        assertThat(sent.get(1).getLimits()).isEqualTo(StateLimits.defaults().toProto());
        commit(1);
        for (CompletableFuture<CommandResult> result : results) {
            assertThat(result.get()).isEqualTo(CommandResult.getDefaultInstance());
        }
    }

    @Test
    void beyondTheQueueBoundProposalsAreRefusedAsOverloaded() {
        start(3);
        batcher.propose(command(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1); // in flight; the rest must queue
        // Three may queue; one more may be held by the batcher while it waits for a free slot.
        List<CompletableFuture<CommandResult>> accepted = new ArrayList<>();
        CompletableFuture<CommandResult> refused = null;
        for (int i = 1; i <= 6 && refused == null; i++) {
            CompletableFuture<CommandResult> result = batcher.propose(command(i));
            if (result.isDone()) {
                refused = result;
            } else {
                accepted.add(result);
            }
        }

        assertThat(accepted).hasSizeBetween(3, 4);
        assertThat(refused).isNotNull().isCompletedExceptionally();
        assertThat(refused)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(OverloadedException.class)
                .withMessageContaining("overloaded");
    }

    @Test
    void closingFailsEveryProposalStillWaiting() {
        start(1_000);
        batcher.propose(command(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        CompletableFuture<CommandResult> waiting = batcher.propose(command(1));

        batcher.close();

        await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        assertThat(waiting).isCompletedExceptionally();
        assertThat(batcher.propose(command(2))).isCompletedExceptionally();
    }

    @Test
    void closingFailsTheEntryInFlightAtOnce() {
        start(1_000);
        CompletableFuture<CommandResult> inFlight = batcher.propose(command(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);

        batcher.close(); // Raft never answers: the caller must not wait for the proposal timeout or forever

        assertThat(inFlight)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ProposalFailedException.class)
                .withMessageContaining("node is shutting down");
    }

    @Test
    void aReplyArrivingAfterCloseThrowsNothingOnTheThreadThatCompletesIt() {
        start(1_000);
        CompletableFuture<CommandResult> inFlight = batcher.propose(command(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        batcher.close();

        // Raft answers on one of its own threads; an exception there would break its apply or RPC path.
        assertThatCode(() -> commit(0)).doesNotThrowAnyException();

        assertThat(inFlight).isDone();
    }

    @Test
    void resultsHandedOverInMemoryCompleteTheCallersBeforeRaftAnswers() {
        start(1_000);
        CompletableFuture<CommandResult> first = batcher.propose(command(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        CommandResult result =
                CommandResult.newBuilder().setMessage("from apply").build();

        onApplied.get(0).accept(List.of(result));

        assertThat(first).isCompletedWithValue(result);
        replies.get(0).complete(new byte[0]); // Raft's empty answer changes nothing
        assertThat(first).isCompletedWithValue(result);
    }

    @Test
    void anEntryRaftDoesNotAnswerFailsAfterTheProposalTimeoutAndTheNextOneLeaves() throws Exception {
        RaftSettings shortTimeout = new RaftSettings(
                Path.of("unused"),
                "n1",
                "127.0.0.1",
                1,
                100,
                1024,
                1 << 20,
                1,
                List.of(),
                Duration.ofMillis(200),
                8L << 20);
        start(1_000, shortTimeout);
        long from = System.nanoTime();
        CompletableFuture<CommandResult> unanswered = batcher.propose(command(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        CompletableFuture<CommandResult> next = batcher.propose(command(1));

        assertThat(unanswered)
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ProposalFailedException.class)
                .withMessageContaining("not committed in time");
        assertThat(Duration.ofNanos(System.nanoTime() - from)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        // its place in flight is free again: the command that waited behind it leaves
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
        commit(1);
        assertThat(next).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void proposalsFromManyThreadsAllLeaveOnceAndInOrderPerThread() throws Exception {
        start(100_000);
        int threads = 4;
        int each = 2_000;
        java.util.concurrent.atomic.AtomicBoolean committing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread raft = new Thread(() -> {
            int next = 0;
            while (committing.get() || next < sent.size()) {
                if (next < sent.size()) {
                    commit(next++);
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        raft.start();
        List<CompletableFuture<CommandResult>> all = new CopyOnWriteArrayList<>();
        List<Thread> proposers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            Thread proposer = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    all.add(batcher.propose(command(base + i)));
                }
            });
            proposers.add(proposer);
            proposer.start();
        }
        for (Thread proposer : proposers) {
            proposer.join();
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        committing.set(false);
        raft.join();

        List<String> ids = sent.stream()
                .flatMap(entry -> entry.getCommandsList().stream())
                .map(c -> c.getScheduleTask().getId())
                .toList();
        assertThat(ids).hasSize(threads * each).doesNotHaveDuplicates();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            List<Integer> own = ids.stream()
                    .map(id -> Integer.parseInt(id.substring(1)))
                    .filter(i -> i >= base && i < base + each)
                    .toList();
            assertThat(own).isSorted();
        }
    }

    @Test
    void anEmptyAnswerWithoutResultsFailsTheCallersInsteadOfLeavingThemWaiting() {
        start(1_000);
        CompletableFuture<CommandResult> first = batcher.propose(command(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);

        replies.get(0).complete(new byte[0]);

        assertThat(first)
                .failsWithin(Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ProposalFailedException.class)
                .withMessageContaining("did not reach its proposer");
    }
}
