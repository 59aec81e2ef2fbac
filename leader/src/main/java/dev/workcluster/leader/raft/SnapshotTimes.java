package dev.workcluster.leader.raft;

/** How many snapshots a node wrote and how long writing them took in all. */
public interface SnapshotTimes {
    long count();

    long totalNanos();
}
