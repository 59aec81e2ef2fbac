package dev.workcluster.cli.watch;

import dev.workcluster.cli.output.Json;
import dev.workcluster.proto.scheduler.v1.SnapshotComplete;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.io.PrintWriter;

/**
 * {@code -o json}: every event as one WatchTasksResponse JSON object per line on stdout;
 * connection news goes to stderr so that stdout stays parseable.
 */
public final class JsonOutput implements WatchOutput {
    private static final WatchTasksResponse SNAPSHOT_COMPLETE = WatchTasksResponse.newBuilder()
            .setSnapshotComplete(SnapshotComplete.getDefaultInstance())
            .build();

    private final PrintWriter out;
    private final PrintWriter err;

    public JsonOutput(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void connected(String address, boolean reconnect, long now) {
        if (reconnect) {
            news("reconnected to " + address);
        }
    }

    @Override
    public void lost(String address, String reason, long now) {
        news("lost the leader at " + address + " (" + reason + "); reconnecting");
    }

    @Override
    public void event(WatchTasksResponse event, long now) {
        Json.printLine(event, out);
    }

    @Override
    public void snapshotComplete(int members, int tasks, boolean resync, long now) {
        Json.printLine(SNAPSHOT_COMPLETE, out);
    }

    @Override
    public void notice(String text, long now) {
        news(text);
    }

    private void news(String text) {
        err.println("watch: " + text);
        err.flush();
    }
}
