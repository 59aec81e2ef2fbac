package dev.workcluster.leader.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One browser's event stream. Writes go to a shared pool, one at a time per browser: a browser
 * that has not taken the last frame misses the next ones and is told to reload what it shows
 * ({@code reset}) once it takes frames again, so a slow one never holds the others back.
 */
final class EventClient {
    private static final byte[] RESET = "event: reset\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);

    private final HttpExchange exchange;
    private final OutputStream out;
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile boolean missed;
    private volatile long writingSinceNanos;

    EventClient(HttpExchange exchange) {
        this.exchange = exchange;
        this.out = exchange.getResponseBody();
    }

    /** Sends the frame unless the previous one is still being written; {@code failed} runs if the browser is gone. */
    void offer(byte[] frame, Executor writers, Runnable failed) {
        if (!writing.compareAndSet(false, true)) {
            missed = true;
            return;
        }
        writingSinceNanos = System.nanoTime();
        writers.execute(() -> {
            try {
                if (missed) {
                    missed = false;
                    out.write(RESET);
                }
                out.write(frame);
                out.flush();
            } catch (IOException | RuntimeException e) {
                failed.run();
            } finally {
                writing.set(false);
            }
        });
    }

    /** Whether a write has been blocked (the browser reads nothing) for longer than {@code nanos}. */
    boolean stuckFor(long nanos) {
        return writing.get() && System.nanoTime() - writingSinceNanos > nanos;
    }

    void close() {
        exchange.close();
    }
}
