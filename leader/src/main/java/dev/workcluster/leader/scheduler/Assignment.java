package dev.workcluster.leader.scheduler;

/** One planned placement: this attempt of this task onto this member. */
public record Assignment(String taskId, String payload, int attempt, String memberId, String address) {
}
