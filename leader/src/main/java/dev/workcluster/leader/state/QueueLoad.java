package dev.workcluster.leader.state;

/**
 * One named queue as {@code GetQueues} shows it: its settings and what it holds now.
 *
 * @param scheduled tasks waiting for their run_at
 */
public record QueueLoad(QueueSettings settings, int pending, int running, int scheduled) {}
