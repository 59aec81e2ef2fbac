package dev.workcluster.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A process's stdout, read line by line on a thread of its own (so the pipe never fills) and kept. */
final class OutputLines {
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    /** Starts reading {@code stdout}, handing each line to {@code listener} (on the reading thread) before keeping it. */
    OutputLines(InputStream stdout, String threadName, Consumer<String> listener) {
        Thread reader = new Thread(() -> read(stdout, listener), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream stdout, Consumer<String> listener) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                listener.accept(line);
                add(line);
            }
        } catch (IOException e) {
            add("<stdout closed: " + e.getMessage() + ">");
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    synchronized List<String> all() {
        return List.copyOf(lines);
    }

    /** The first line {@code wanted} accepts, waiting for it; fails with {@code context} if none comes in time. */
    synchronized String await(Predicate<String> wanted, Duration timeout, Supplier<String> context)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int seen = 0; ; ) {
            for (; seen < lines.size(); seen++) {
                if (wanted.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (ended || left <= 0) {
                throw new IllegalStateException((ended ? "stdout ended" : "no such line within " + timeout)
                        + "; stdout " + lines + "\n" + context.get());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
