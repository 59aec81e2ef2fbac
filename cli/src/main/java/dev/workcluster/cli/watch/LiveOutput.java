package dev.workcluster.cli.watch;

import dev.workcluster.proto.cluster.v1.TaskCounts;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * On a terminal: a {@link WatchView} redrawn in place (cursor home, each line cleared
 * to its end, the rest of the screen cleared) at most every {@value #MIN_REDRAW_MILLIS} ms,
 * and every {@value #REFRESH_MILLIS} ms anyway so that ages keep moving.
 */
public final class LiveOutput implements WatchOutput {
    static final long MIN_REDRAW_MILLIS = 200;
    static final long REFRESH_MILLIS = 1_000;
    public static final String CLEAR_SCREEN = "\033[2J";
    public static final String HOME = "\033[H";
    public static final String CLEAR_TO_END_OF_LINE = "\033[K";
    public static final String CLEAR_BELOW = "\033[J";

    private final PrintWriter out;
    private final WatchView view;
    private final int rows;
    private final int columns;
    private boolean dirty = true;
    private boolean drawn;
    private long lastDraw;
    private int draws;

    /** {@code rows} and {@code columns}: the terminal's size, 0 when unknown. */
    public LiveOutput(PrintWriter out, WatchView view, int rows, int columns) {
        this.out = out;
        this.view = view;
        this.rows = rows;
        this.columns = columns;
    }

    /** A live output sized to the controlling terminal, when its size can be found. */
    public static LiveOutput onTerminal(PrintWriter out, WatchView view) {
        int[] size = terminalSize();
        return new LiveOutput(out, view, size[0], size[1]);
    }

    @Override
    public void connected(String address, boolean reconnect, long now) {
        view.reset();
        view.connection("connected to " + address);
        if (reconnect) {
            view.note("reconnected to " + address, now);
        }
        dirty = true;
    }

    @Override
    public void lost(String address, String reason, long now) {
        view.connection("reconnecting");
        view.note("lost the leader at " + address + " (" + reason + "); reconnecting", now);
        dirty = true;
    }

    @Override
    public void event(WatchTasksResponse event, long now) {
        view.apply(event);
        dirty = true;
    }

    @Override
    public void snapshotComplete(int members, int tasks, boolean resync, long now) {
        dirty = true;
    }

    @Override
    public void hidden(String taskId) {
        view.hide(taskId);
        dirty = true;
    }

    @Override
    public void notice(String text, long now) {
        view.note(text, now);
        dirty = true;
    }

    @Override
    public boolean wantsCounts() {
        return true;
    }

    @Override
    public void counts(TaskCounts counts) {
        view.counts(counts);
        dirty = true;
    }

    @Override
    public boolean replaysSnapshots() {
        return true;
    }

    @Override
    public long tickDelay(long now) {
        if (!drawn) {
            return 0;
        }
        return Math.max(0, lastDraw + (dirty ? MIN_REDRAW_MILLIS : REFRESH_MILLIS) - now);
    }

    @Override
    public void tick(long now) {
        if (tickDelay(now) == 0) {
            draw(now);
        }
    }

    @Override
    public void finish(long now) {
        draw(now);
    }

    int draws() {
        return draws;
    }

    private void draw(long now) {
        StringBuilder frame = new StringBuilder(drawn ? HOME : CLEAR_SCREEN + HOME);
        view.render(now, rows, columns)
                .lines()
                .forEach(line -> frame.append(line).append(CLEAR_TO_END_OF_LINE).append('\n'));
        frame.append(CLEAR_BELOW);
        out.print(frame);
        out.flush();
        drawn = true;
        dirty = false;
        lastDraw = now;
        draws++;
    }

    /** {rows, columns} of the controlling terminal per {@code stty size}, or {0, 0}. */
    static int[] terminalSize() {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (stty.waitFor(1, TimeUnit.SECONDS) && stty.exitValue() == 0 && answer.matches("\\d+ \\d+")) {
                String[] parts = answer.split(" ");
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            }
        } catch (IOException | RuntimeException e) {
            // no terminal to ask: draw unbounded
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new int[] {0, 0};
    }
}
