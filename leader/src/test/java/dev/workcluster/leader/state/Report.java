package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Step.memberId;

import dev.workcluster.leader.state.proto.CompleteTask;
import dev.workcluster.leader.state.proto.ReleaseTask;

/**
 * How a worker's report (an outcome or a hand-back) names the run it is about: exactly,
 * partly, not at all (seed workers), or wrongly (a late report, another member's).
 */
enum Report {
    CURRENT_RUN("its current run"),
    ATTEMPT_ONLY("its attempt without the assignment"),
    UNNAMED("no run (a seed worker)"),
    PREVIOUS_ASSIGNMENT("the assignment before (0 on a first assignment)"),
    PREVIOUS_ATTEMPT("the attempt before (0 on a first attempt)"),
    OTHER_MEMBER("its current run but from another member");

    /** The member, attempt and assignment a report carries; 0 and "" mean not given. */
    record Fence(String member, int attempt, int assignment) {
        /** An outcome report about {@code taskId} carrying this fence. */
        CompleteTask.Builder completeTask(String taskId) {
            return CompleteTask.newBuilder()
                    .setId(taskId)
                    .setMemberId(member)
                    .setAttempt(attempt)
                    .setAssignment(assignment);
        }

        /** A hand-back of {@code taskId} carrying this fence. */
        ReleaseTask.Builder releaseTask(String taskId) {
            return ReleaseTask.newBuilder()
                    .setTaskId(taskId)
                    .setMemberId(member)
                    .setAttempt(attempt)
                    .setAssignment(assignment);
        }
    }

    final String description;

    Report(String description) {
        this.description = description;
    }

    /** The fence of this kind of report about {@code task} as it is now (an invented run for an unknown task). */
    Fence fence(TaskRecord task) {
        String member = task == null ? memberId(0) : task.memberId();
        int attempt = task == null ? 1 : task.attempt();
        int assignment = task == null ? 1 : task.assignment();
        return switch (this) {
            case CURRENT_RUN -> new Fence(member, attempt, assignment);
            case ATTEMPT_ONLY -> new Fence(member, attempt, 0);
            case UNNAMED -> new Fence("", 0, 0);
            case PREVIOUS_ASSIGNMENT -> new Fence(member, attempt, Math.max(0, assignment - 1));
            case PREVIOUS_ATTEMPT -> new Fence(member, Math.max(0, attempt - 1), 0);
            case OTHER_MEMBER -> new Fence(member.equals(memberId(0)) ? memberId(1) : memberId(0), attempt, assignment);
        };
    }
}
