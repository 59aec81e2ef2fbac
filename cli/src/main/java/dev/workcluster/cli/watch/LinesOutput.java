package dev.workcluster.cli.watch;

import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.io.PrintWriter;

/** Output that is not a terminal: one timestamped line per event, nothing redrawn. */
public final class LinesOutput implements WatchOutput {
    private final PrintWriter out;
    private final WatchLines lines;

    public LinesOutput(PrintWriter out, WatchLines lines) {
        this.out = out;
        this.lines = lines;
    }

    @Override
    public void connected(String address, boolean reconnect, long now) {
        if (reconnect) {
            print(now, "reconnected to " + address);
        }
    }

    @Override
    public void lost(String address, String reason, long now) {
        print(now, "lost the leader at " + address + " (" + reason + "); reconnecting");
    }

    @Override
    public void event(WatchTasksResponse event, long now) {
        String text = WatchLines.describe(event);
        if (text != null) {
            print(now, text);
        }
    }

    @Override
    public void snapshotComplete(int members, int tasks, boolean resync, long now) {
        print(now, WatchLines.snapshotComplete(members, tasks, resync));
    }

    @Override
    public void notice(String text, long now) {
        print(now, text);
    }

    private void print(long now, String text) {
        out.println(lines.time(now) + " " + text);
        out.flush();
    }
}
