package dev.workcluster.client.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The client's timers: one daemon thread each, so a client an application forgets to close
 * does not keep its JVM alive.
 *
 * <pre>{@code
 * ScheduledExecutorService timer = Timers.daemon("workcluster-client-watch");
 * }</pre>
 */
public final class Timers {
    private Timers() {}

    public static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
