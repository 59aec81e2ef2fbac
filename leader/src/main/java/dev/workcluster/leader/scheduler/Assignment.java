package dev.workcluster.leader.scheduler;

import dev.workcluster.leader.state.Transport;

/**
 * One planned placement: this attempt of this task onto this member.
 *
 * @param heartbeatTimeoutMillis the task's heartbeat timeout (0: none), so the worker knows to report progress
 */
public record Assignment(
        String taskId,
        String payload,
        int attempt,
        int assignment,
        int maxAttempts,
        String memberId,
        Transport transport,
        String address,
        long heartbeatTimeoutMillis) {}
