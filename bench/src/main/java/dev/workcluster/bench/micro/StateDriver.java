package dev.workcluster.bench.micro;

import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.StateSnapshots;
import dev.workcluster.leader.state.TaskStatus;
import dev.workcluster.leader.state.proto.AssignTask;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.StateSnapshot;
import dev.workcluster.leader.state.proto.StoredMember;
import dev.workcluster.leader.state.proto.StoredTask;
import dev.workcluster.leader.state.proto.Transport;
import dev.workcluster.proto.scheduler.v1.TaskPriority;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Drives a {@link ClusterState} the way the Raft adapter does: whole log entries
 * carrying the proposer's limits, each followed by {@code drainChanges()}. Hands out
 * fresh task ids shaped like the load client's, stamps entries with a clock that
 * moves 1 ms per entry, and assigns tasks round-robin over its workers.
 */
final class StateDriver {
    /** Commands in one full log entry: the proposal batcher's default cap. */
    static final int ENTRY = RaftSettings.DEFAULT_BATCH_MAX_COMMANDS;

    static final int SLOTS_PER_WORKER = 8;

    private final StateLimits limits;
    private ClusterState state;
    private final List<String> workers = new ArrayList<>();
    private long nowMillis = 1_700_000_000_000L;
    private long nextTask;
    private int nextWorker;

    StateDriver(StateLimits limits) {
        this.limits = limits;
        this.state = new ClusterState(limits);
    }

    /**
     * A driver whose state is restored from a snapshot, as a restarted leader's would be:
     * {@code workers} idle workers, {@code finished} completed tasks (spread over the
     * workers) and then {@code waiting} PENDING ones. Filling a large state this way takes
     * a fraction of driving every task through apply, which keeps quick runs quick.
     */
    static StateDriver restored(StateLimits limits, int workers, int finished, int waiting) {
        StateDriver driver = new StateDriver(limits);
        StateSnapshot.Builder snapshot = StateSnapshot.newBuilder();
        for (int i = 0; i < workers; i++) {
            driver.workers.add(workerId(i));
            snapshot.addMembers(StoredMember.newBuilder()
                    .setId(workerId(i))
                    .setSlots(SLOTS_PER_WORKER)
                    .setTransport(Transport.TRANSPORT_STREAM)
                    .setJoinedMillis(driver.nowMillis));
        }
        long now = driver.nowMillis++;
        long sequence = 1; // a fresh state's first
        for (String id : driver.newTaskIds(finished)) {
            snapshot.addTasks(storedTask(id, sequence++, now, limits)
                    .setStatus(TaskStatus.COMPLETED.wireNumber)
                    .setMemberId(driver.workers.get(driver.nextWorker++ % workers))
                    .setAssignment(1)
                    .setStartedMillis(now)
                    .setFinishedMillis(now));
        }
        for (String id : driver.newTaskIds(waiting)) {
            snapshot.addTasks(storedTask(id, sequence++, now, limits).setStatus(TaskStatus.PENDING.wireNumber));
        }
        driver.state = StateSnapshots.decode(snapshot.setNextSequence(sequence).build(), limits);
        if (driver.state.count(TaskStatus.COMPLETED) != finished || driver.state.pendingCount() != waiting) {
            throw new IllegalStateException("the restored state does not hold the tasks it was given");
        }
        return driver;
    }

    /** A task as a snapshot stores it, before its status: no priority and default attempts, as the load client sends. */
    private static StoredTask.Builder storedTask(String id, long sequence, long now, StateLimits limits) {
        return StoredTask.newBuilder()
                .setId(id)
                .setPayload(payload(id))
                .setPriority(TaskPriority.TASK_PRIORITY_UNSPECIFIED_VALUE)
                .setAttempt(1)
                .setMaxAttempts(limits.defaultMaxAttempts())
                .setCreatedMillis(now)
                .setSequence(sequence);
    }

    ClusterState state() {
        return state;
    }

    long now() {
        return nowMillis;
    }

    /** Sets the clock the next entry is stamped with. */
    void clock(long millis) {
        nowMillis = millis;
    }

    /** Ids no task has had, like the load client's: a run prefix and a counter. */
    List<String> newTaskIds(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add("bench-m1cr0-" + nextTask++);
        }
        return ids;
    }

    CommandBatch scheduleEntry(List<String> ids) {
        return entry(
                ids,
                id -> Command.newBuilder()
                        .setScheduleTask(ScheduleTask.newBuilder().setId(id).setPayload(payload(id))));
    }

    /** First attempts, dealt round-robin over the workers (the caller keeps slots free). */
    CommandBatch assignEntry(List<String> ids) {
        return entry(
                ids,
                id -> Command.newBuilder()
                        .setAssignTask(AssignTask.newBuilder()
                                .setTaskId(id)
                                .setMemberId(workers.get(nextWorker++ % workers.size()))
                                .setAttempt(1)));
    }

    CommandBatch completeEntry(List<String> ids) {
        return entry(
                ids,
                id -> Command.newBuilder()
                        .setCompleteTask(CompleteTask.newBuilder().setId(id).setAttempt(1)));
    }

    /** One entry of the given commands, stamped with the clock. */
    CommandBatch entry(List<String> ids, Function<String, Command.Builder> command) {
        CommandBatch.Builder entry = CommandBatch.newBuilder().setLimits(limits.toProto());
        long now = nowMillis++;
        for (String id : ids) {
            entry.addCommands(command.apply(id).setNowMillis(now));
        }
        return entry.build();
    }

    /** What the Raft adapter does with a decoded entry, minus the lock: apply, then collect the changes. */
    List<CommandResult> apply(CommandBatch entry) {
        List<CommandResult> results = state.apply(entry);
        state.drainChanges();
        return results;
    }

    /** Applies an entry that must succeed command by command: a fixture that is rejected measures nothing. */
    void applyOk(CommandBatch entry) {
        requireOk(apply(entry));
    }

    static void requireOk(List<CommandResult> results) {
        for (CommandResult result : results) {
            if (result.getCode() != ResultCode.RESULT_CODE_OK) {
                throw new IllegalStateException(
                        "benchmark fixture rejected: " + result.getCode() + " " + result.getMessage());
            }
        }
    }

    /** Schedules {@code count} tasks and leaves them PENDING; returns their ids. */
    List<String> schedule(int count) {
        List<String> ids = newTaskIds(count);
        forEntries(ids, chunk -> applyOk(scheduleEntry(chunk)));
        return ids;
    }

    /** Assigns the given PENDING tasks, leaving them RUNNING. */
    void assign(List<String> ids) {
        forEntries(ids, chunk -> applyOk(assignEntry(chunk)));
    }

    /** Schedules, assigns and completes {@code count} tasks, full entries at a time. */
    void runToCompletion(int count) {
        forEntries(newTaskIds(count), chunk -> {
            applyOk(scheduleEntry(chunk));
            applyOk(assignEntry(chunk));
            applyOk(completeEntry(chunk));
        });
    }

    private static String workerId(int index) {
        return String.format("worker-%04d", index);
    }

    /** Like the load client's payload: a nanosecond clock reading, here derived from the id. */
    private static String payload(String id) {
        return Long.toString(1_000_000_000_000L + id.hashCode());
    }

    private static void forEntries(List<String> ids, Consumer<List<String>> perEntry) {
        for (int from = 0; from < ids.size(); from += ENTRY) {
            perEntry.accept(ids.subList(from, Math.min(ids.size(), from + ENTRY)));
        }
    }
}
