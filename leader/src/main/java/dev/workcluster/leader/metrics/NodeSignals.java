package dev.workcluster.leader.metrics;

import dev.workcluster.leader.raft.RaftStatus;
import dev.workcluster.leader.raft.SnapshotTimes;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the node's parts count for its metrics, read when scraped: they keep plain counters
 * and know nothing of Micrometer.
 */
public record NodeSignals(
        Supplier<RaftStatus> raft,
        List<String> peerIds,
        LongSupplier raftLogBytes,
        IntSupplier sessions,
        LongSupplier heartbeats,
        LongSupplier expirations,
        SnapshotTimes snapshots) {}
