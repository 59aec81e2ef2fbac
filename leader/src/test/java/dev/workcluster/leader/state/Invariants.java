package dev.workcluster.leader.state;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The safety invariants of a state, checked after every step of a generated history.
 * A violation throws an AssertionError that says which task or member broke what.
 */
final class Invariants {
    private Invariants() {}

    /**
     * A RUNNING task has exactly one current run: the one member it names holds it, that
     * member is alive, and no other member holds it. A member holds only RUNNING tasks.
     */
    static void oneLiveRunPerTask(ClusterState state) {
        Map<String, String> holders = new HashMap<>();
        for (MemberRecord member : state.members()) {
            for (String taskId : member.runningTaskIds()) {
                String other = holders.put(taskId, member.id());
                check(other == null, "task %s is held by both %s and %s", taskId, other, member.id());
                TaskRecord task = state.task(taskId);
                check(task != null, "member %s holds task %s, which the state does not know", member.id(), taskId);
                check(
                        task.status() == TaskStatus.RUNNING && task.memberId().equals(member.id()),
                        "member %s holds task %s, which is %s on '%s'",
                        member.id(),
                        taskId,
                        task.status(),
                        task.memberId());
                check(member.alive(), "expired member %s holds task %s", member.id(), taskId);
            }
        }
        for (TaskRecord task : state.allTasks()) {
            if (task.status() == TaskStatus.RUNNING) {
                check(
                        task.memberId().equals(holders.get(task.id())),
                        "task %s is RUNNING on '%s', which does not hold it",
                        task.id(),
                        task.memberId());
                check(
                        task.assignment() >= 1 && task.attempt() >= 1 && task.attempt() <= task.maxAttempts(),
                        "task %s runs as attempt %d of %d, assignment %d",
                        task.id(),
                        task.attempt(),
                        task.maxAttempts(),
                        task.assignment());
            }
        }
    }

    /**
     * A SCHEDULED task was scheduled with a run_at after its creation, was never handed out, and is not
     * in the queue; the queue holds exactly the PENDING tasks.
     */
    static void scheduledTasksWait(ClusterState state) {
        int queued = 0;
        for (TaskRecord task : state.pendingInOrder()) {
            queued++;
            check(task.status() == TaskStatus.PENDING, "task %s is queued while %s", task.id(), task.status());
        }
        check(
                queued == state.count(TaskStatus.PENDING),
                "%d tasks queued but %d PENDING",
                queued,
                state.count(TaskStatus.PENDING));
        for (TaskRecord task : state.tasksIn(TaskStatus.SCHEDULED)) {
            check(
                    task.timing().runAtMillis() > task.createdMillis() && task.assignment() == 0,
                    "task %s is SCHEDULED with run_at %d, created %d, assignment %d",
                    task.id(),
                    task.timing().runAtMillis(),
                    task.createdMillis(),
                    task.assignment());
        }
    }

    /** Each queue counts exactly its own tasks of each status, and the counts add up to the state's. */
    static void queuesCountTheirTasks(ClusterState state) {
        Map<String, int[]> counted = new HashMap<>();
        for (TaskRecord task : state.allTasks()) {
            int column = switch (task.status()) {
                case PENDING -> 0;
                case RUNNING -> 1;
                case SCHEDULED -> 2;
                default -> -1;
            };
            if (column >= 0) {
                counted.computeIfAbsent(task.queue(), name -> new int[3])[column]++;
            }
        }
        for (QueueLoad queue : state.queues()) {
            int[] expected = counted.getOrDefault(queue.settings().name(), new int[3]);
            check(
                    queue.pending() == expected[0]
                            && queue.running() == expected[1]
                            && queue.scheduled() == expected[2],
                    "queue %s counts %d pending, %d running, %d scheduled; its tasks are %d, %d, %d",
                    queue.settings().name(),
                    queue.pending(),
                    queue.running(),
                    queue.scheduled(),
                    expected[0],
                    expected[1],
                    expected[2]);
            counted.remove(queue.settings().name());
        }
        check(counted.isEmpty(), "tasks in queues the state does not list: %s", counted.keySet());
    }

    /**
     * Placement never takes a queue over its running limit: a step after which a queue runs more
     * tasks than before leaves it at or under its limit (lowering a limit stops nothing that runs).
     * And a task starts only on a member that takes its queue.
     */
    static final class QueueLimits {
        private final Map<String, Integer> running = new HashMap<>();
        private final Map<String, Integer> startedBefore = new HashMap<>();

        void check(ClusterState state) {
            for (QueueLoad queue : state.queues()) {
                String name = queue.settings().name();
                int before = running.getOrDefault(name, 0);
                int limit = queue.settings().maxRunning();
                Invariants.check(
                        queue.running() <= before || limit == 0 || queue.running() <= limit,
                        "queue %s went from %d to %d running tasks over its limit of %d",
                        name,
                        before,
                        queue.running(),
                        limit);
            }
            running.clear();
            state.queues().forEach(queue -> running.put(queue.settings().name(), queue.running()));
            for (TaskRecord task : state.tasksIn(TaskStatus.RUNNING)) {
                Integer assignment = startedBefore.put(task.id(), task.assignment());
                if (assignment == null || assignment != task.assignment()) {
                    MemberRecord member = state.member(task.memberId());
                    Invariants.check(
                            member.takes(task.queue()),
                            "task %s of queue %s started on %s, which takes only %s",
                            task.id(),
                            task.queue(),
                            member.id(),
                            member.queues());
                }
            }
        }
    }

    /** No member runs more tasks than it has slots. */
    static void slotsNeverOvercommitted(ClusterState state) {
        for (MemberRecord member : state.members()) {
            check(
                    member.runningTaskIds().size() <= member.slots(),
                    "member %s runs %d tasks %s on %d slots",
                    member.id(),
                    member.runningTaskIds().size(),
                    member.runningTaskIds(),
                    member.slots());
        }
    }

    /**
     * Run numbers across steps: a task's attempt and assignment never go back, and one
     * run (task and assignment number) belongs to one member for good.
     */
    static final class RunNumbers {
        private final Map<Long, Integer> lastAttempt = new HashMap<>();
        private final Map<Long, Integer> lastAssignment = new HashMap<>();
        private final Map<String, String> runOwners = new HashMap<>();

        void check(ClusterState state) {
            for (TaskRecord task : state.allTasks()) {
                Integer attempt = lastAttempt.put(task.sequence(), task.attempt());
                Integer assignment = lastAssignment.put(task.sequence(), task.assignment());
                Invariants.check(
                        attempt == null || task.attempt() >= attempt,
                        "task %s went back from attempt %d to %d",
                        task.id(),
                        attempt,
                        task.attempt());
                Invariants.check(
                        assignment == null || task.assignment() >= assignment,
                        "task %s went back from assignment %d to %d",
                        task.id(),
                        assignment,
                        task.assignment());
                if (task.status() == TaskStatus.RUNNING) {
                    String run = task.id() + " (sequence " + task.sequence() + ") assignment " + task.assignment();
                    String owner = runOwners.putIfAbsent(run, task.memberId());
                    Invariants.check(
                            owner == null || owner.equals(task.memberId()),
                            "run %s moved from %s to %s",
                            run,
                            owner,
                            task.memberId());
                }
            }
        }
    }

    /**
     * Finished tasks across steps: a COMPLETED, ERROR or CANCELLED task never changes again
     * and leaves only through retention; an unfinished task never leaves. Retention keeps
     * at most its count of finished tasks and none that finished before its age.
     */
    static final class FinishedTasks {
        /** Finished tasks by sequence, as they were rendered when first seen finished. */
        private final Map<Long, String> finished = new HashMap<>();
        /**
         * Unfinished tasks by sequence. The records themselves: one that a step finishes
         * and retention drops at once is gone from the state, but still says how it ended.
         */
        private final Map<Long, TaskRecord> unfinished = new HashMap<>();

        void check(ClusterState state, long lastCommandMillis) {
            Map<Long, TaskRecord> present = new HashMap<>();
            state.allTasks().forEach(task -> present.put(task.sequence(), task));
            for (Iterator<Map.Entry<Long, String>> it = finished.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, String> was = it.next();
                TaskRecord task = present.get(was.getKey());
                if (task == null) {
                    it.remove(); // retention dropped it; a sequence is never used again
                } else {
                    String now = CanonicalState.line(task);
                    Invariants.check(
                            now.equals(was.getValue()),
                            "a finished task changed:\n  was %s\n  now %s",
                            was.getValue(),
                            now);
                }
            }
            unfinished.forEach((sequence, task) -> Invariants.check(
                    present.containsKey(sequence) || task.status().isFinished(),
                    "an unfinished task was dropped: %s",
                    CanonicalState.line(task)));
            unfinished.clear();
            int finishedCount = 0;
            long dropBefore =
                    lastCommandMillis - state.limits().retainFinishedAge().toMillis();
            for (TaskRecord task : present.values()) {
                if (task.status().isFinished()) {
                    finishedCount++;
                    finished.putIfAbsent(task.sequence(), CanonicalState.line(task));
                    Invariants.check(
                            task.finishedMillis() >= dropBefore,
                            "task %s finished at %d is kept past %d",
                            task.id(),
                            task.finishedMillis(),
                            dropBefore);
                } else {
                    unfinished.put(task.sequence(), task);
                }
            }
            Invariants.check(
                    finishedCount <= state.limits().retainFinishedCount(),
                    "%d finished tasks kept, limit %d",
                    finishedCount,
                    state.limits().retainFinishedCount());
        }
    }

    private static void check(boolean holds, String format, Object... args) {
        if (!holds) {
            throw new AssertionError(String.format(format, args));
        }
    }
}
