package dev.workcluster.leader.rpc;

import dev.workcluster.leader.raft.AppliedListener;
import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.StateChanges;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.proto.scheduler.v1.SnapshotComplete;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fans every applied change out to WatchTasks callers. A new watcher registers under
 * the state's read lock, which applies exclude: its snapshot and the changes after
 * it line up exactly, nothing missed and nothing twice.
 */
public final class WatchFeed implements AppliedListener, AutoCloseable {
    /** A watch that asks for existing tasks gets at most this many, the most recent. */
    static final int SNAPSHOT_TASKS = 10_000;

    private static final Status SHUTTING_DOWN = Status.UNAVAILABLE.withDescription("leader node shutting down");

    private final GuardedState state;
    private final MemberViews members;
    private final int maxWatches;
    private final List<TaskWatcher> watchers = new CopyOnWriteArrayList<>();
    private final ExecutorService writers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "watch-writer");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code maxWatches}: open watches beyond which a new one is refused with RESOURCE_EXHAUSTED. */
    public WatchFeed(GuardedState state, MemberViews members, int maxWatches) {
        this.state = state;
        this.members = members;
        this.maxWatches = maxWatches;
    }

    void watch(WatchTasksRequest request, StreamObserver<WatchTasksResponse> responses) {
        ServerCallStreamObserver<WatchTasksResponse> observer =
                (ServerCallStreamObserver<WatchTasksResponse>) responses;
        if (writers.isShutdown()) {
            observer.onError(SHUTTING_DOWN.asRuntimeException());
            return;
        }
        state.read(s -> {
            synchronized (watchers) { // the count and the add go together; removals only make room
                if (watchers.size() >= maxWatches) {
                    observer.onError(Status.RESOURCE_EXHAUSTED
                            .withDescription("too many watches open: " + watchers.size() + "; the limit is "
                                    + maxWatches + " (max-watches)")
                            .asRuntimeException());
                    return null;
                }
                TaskWatcher watcher = new TaskWatcher(observer, writers, watchers::remove);
                if (request.getIncludeExisting()) {
                    watcher.offer(snapshot(s));
                }
                watchers.add(watcher);
                if (watcher.isClosed()) {
                    watchers.remove(watcher); // it ended before it was in the list its removal looked at
                }
            }
            return null;
        });
    }

    @Override
    public void applied(ClusterState s, StateChanges changes) {
        if (watchers.isEmpty() || changes.isEmpty()) {
            return;
        }
        List<WatchTasksResponse> events = new ArrayList<>();
        for (String id : changes.members()) {
            MemberRecord member = s.member(id);
            if (member != null) {
                events.add(WatchTasksResponse.newBuilder()
                        .setMember(members.view(member))
                        .build());
            }
        }
        changes.removedMembers()
                .forEach(id -> events.add(
                        WatchTasksResponse.newBuilder().setRemovedMemberId(id).build()));
        for (String id : changes.tasks()) {
            TaskRecord task = s.task(id);
            if (task != null) {
                events.add(WatchTasksResponse.newBuilder()
                        .setTask(ApiMapping.task(task))
                        .build());
            }
        }
        changes.removedTasks()
                .forEach(id -> events.add(
                        WatchTasksResponse.newBuilder().setRemovedTaskId(id).build()));
        watchers.forEach(w -> w.offer(events));
    }

    /**
     * A member's soft state changed (its session opened, broke or began draining): not a
     * log entry, so watchers are told here.
     */
    public void refreshMember(String memberId) {
        if (watchers.isEmpty()) {
            return;
        }
        state.read(s -> {
            MemberRecord member = s.member(memberId);
            if (member != null) {
                List<WatchTasksResponse> event = List.of(WatchTasksResponse.newBuilder()
                        .setMember(members.view(member))
                        .build());
                watchers.forEach(w -> w.offer(event));
            }
            return null;
        });
    }

    @Override
    public void replaced(ClusterState s) {
        watchers.forEach(w -> w.close(Status.UNAVAILABLE.withDescription("state replaced by a snapshot; watch again")));
        watchers.clear();
    }

    private List<WatchTasksResponse> snapshot(ClusterState s) {
        List<WatchTasksResponse> events = new ArrayList<>();
        s.members()
                .forEach(m -> events.add(WatchTasksResponse.newBuilder()
                        .setMember(members.view(m))
                        .build()));
        s.recentTasks(SNAPSHOT_TASKS)
                .forEach(t -> events.add(WatchTasksResponse.newBuilder()
                        .setTask(ApiMapping.task(t))
                        .build()));
        events.add(WatchTasksResponse.newBuilder()
                .setSnapshotComplete(SnapshotComplete.getDefaultInstance())
                .build());
        return events;
    }

    @Override
    public void close() {
        watchers.forEach(w -> w.close(SHUTTING_DOWN));
        writers.shutdown();
    }
}
