package dev.workcluster.cli.watch;

import com.google.common.util.concurrent.ListenableFuture;
import dev.workcluster.cli.watch.WatchStream.Counts;
import dev.workcluster.cli.watch.WatchStream.Item;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.TaskCounts;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Task counts by status for outputs that show them. The stream carries only the newest
 * tasks and no previous statuses, so counts come from GetStatus: every few seconds, and
 * soon after a change. Answers arrive on the loop's queue like everything else.
 */
final class WatchCounts {
    private static final long EVERY_MILLIS = 2_000;
    private static final long AFTER_CHANGE_MILLIS = 250;
    private static final long DEADLINE_MILLIS = 2_000;

    private final WatchNodes nodes;
    private final WatchOutput output;
    private final BlockingQueue<Item> queue;
    private boolean inFlight;
    private long dueAt;

    WatchCounts(WatchNodes nodes, WatchOutput output, BlockingQueue<Item> queue) {
        this.nodes = nodes;
        this.output = output;
        this.queue = queue;
    }

    /** A new stream: ask at once. */
    void reset(long now) {
        dueAt = now;
    }

    /** A task changed: ask soon. */
    void changed(long now) {
        dueAt = Math.min(dueAt, now + AFTER_CHANGE_MILLIS);
    }

    /** How long the loop may wait before counts are due; MAX_VALUE when none are wanted now. */
    long delay(String address, long now) {
        return output.wantsCounts() && address != null && !inFlight ? Math.max(0, dueAt - now) : Long.MAX_VALUE;
    }

    void requestIfDue(String address, long now) {
        if (delay(address, now) > 0) {
            return;
        }
        inFlight = true;
        ListenableFuture<GetStatusResponse> answer = LeaderServiceGrpc.newFutureStub(nodes.channel(address))
                .withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                .getStatus(GetStatusRequest.getDefaultInstance());
        answer.addListener(
                () -> {
                    TaskCounts counts = null;
                    try {
                        counts = answer.get().getTasks();
                    } catch (Exception e) {
                        // shown as before; the next round asks again
                    }
                    queue.add(new Counts(counts));
                },
                Runnable::run);
    }

    void arrived(Counts counts, long now) {
        inFlight = false;
        dueAt = now + EVERY_MILLIS;
        if (counts.counts() != null) {
            output.counts(counts.counts());
        }
    }

    /** The last frame should not show counts from before the last changes. */
    void refresh(String address) {
        if (!output.wantsCounts() || address == null) {
            return;
        }
        try {
            output.counts(LeaderServiceGrpc.newBlockingStub(nodes.channel(address))
                    .withDeadlineAfter(DEADLINE_MILLIS / 2, TimeUnit.MILLISECONDS)
                    .getStatus(GetStatusRequest.getDefaultInstance())
                    .getTasks());
        } catch (io.grpc.StatusRuntimeException e) {
            // keep the last counts
        }
    }
}
