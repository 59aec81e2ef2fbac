package dev.workcluster.leader.dashboard;

import com.google.gson.JsonArray;
import com.sun.net.httpserver.HttpExchange;
import dev.workcluster.proto.scheduler.v1.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The browsers' Server-Sent Events ({@code GET /api/events}), fed by the one upstream watch.
 * Changes are coalesced per task and sent every {@link #FLUSH_MILLIS} at most, so 10,000 changes
 * a second cost a browser a few frames; past {@link #MAX_CHANGES_PER_FRAME} tasks a frame only
 * says {@code reset} (reload what you show). At most {@link #MAX_CLIENTS} streams are open.
 */
final class EventClients implements AutoCloseable {
    static final int MAX_CLIENTS = 32;
    static final long FLUSH_MILLIS = 250;
    static final int MAX_CHANGES_PER_FRAME = 500;
    private static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ExecutorService writers;
    private final List<EventClient> clients = new CopyOnWriteArrayList<>();
    private final Map<String, Task> changed = new LinkedHashMap<>();
    private boolean overflowed;
    private boolean membersChanged;
    private boolean upstreamChanged;
    private boolean upstreamLive;
    private long lastFrameNanos = System.nanoTime();

    EventClients(ExecutorService writers) {
        this.writers = writers;
    }

    /** Opens a stream for the browser, or answers 503 when {@link #MAX_CLIENTS} are open. */
    void open(HttpExchange exchange) throws IOException {
        synchronized (clients) {
            if (clients.size() >= MAX_CLIENTS) {
                Responses.error(
                        exchange,
                        503,
                        "too many live dashboards: " + clients.size() + " event streams are open; the limit is "
                                + MAX_CLIENTS + " per node");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                out.write(("retry: 2000\nevent: hello\ndata: {\"live\":" + live() + "}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                exchange.close(); // the browser left at once; nothing holds this exchange open
                throw e;
            }
            clients.add(new EventClient(exchange));
        }
    }

    int count() {
        return clients.size();
    }

    synchronized void taskChanged(Task task) {
        if (changed.size() >= MAX_CHANGES_PER_FRAME && !changed.containsKey(task.getId())) {
            overflowed = true;
            return;
        }
        changed.put(task.getId(), task);
    }

    synchronized void membersChanged() {
        membersChanged = true;
    }

    /** The upstream watch is open (changes flow) or broken (the page says so). */
    synchronized void upstream(boolean live) {
        if (live != upstreamLive) {
            upstreamLive = live;
            upstreamChanged = true;
            overflowed |= live; // changes made while it was broken were missed
        }
    }

    /** Whether the upstream watch is open: changes reach the browsers. */
    synchronized boolean live() {
        return upstreamLive;
    }

    /** Sends what changed since the last flush; runs every {@link #FLUSH_MILLIS}. */
    void flush() {
        StringBuilder frames = new StringBuilder();
        synchronized (this) {
            if (upstreamChanged) {
                frames.append("event: hello\ndata: {\"live\":")
                        .append(upstreamLive)
                        .append("}\n\n");
                upstreamChanged = false;
            }
            if (overflowed) {
                frames.append("event: reset\ndata: {}\n\n");
            } else if (!changed.isEmpty()) {
                JsonArray tasks = new JsonArray();
                changed.values().forEach(task -> tasks.add(Views.task(task, false)));
                frames.append("event: tasks\ndata: ").append(tasks).append("\n\n");
            }
            if (membersChanged || overflowed) {
                frames.append("event: members\ndata: {}\n\n");
            }
            changed.clear();
            overflowed = false;
            membersChanged = false;
        }
        long now = System.nanoTime();
        if (frames.length() == 0 && now - lastFrameNanos < KEEPALIVE_NANOS) {
            return;
        }
        lastFrameNanos = now;
        byte[] bytes = (frames.length() == 0 ? ": keepalive\n\n" : frames.toString()).getBytes(StandardCharsets.UTF_8);
        for (EventClient client : clients) {
            if (client.stuckFor(STUCK_NANOS)) {
                drop(client);
            } else {
                client.offer(bytes, writers, () -> drop(client));
            }
        }
    }

    private void drop(EventClient client) {
        if (clients.remove(client)) {
            client.close();
        }
    }

    @Override
    public void close() {
        List<EventClient> open = new ArrayList<>(clients);
        clients.clear();
        open.forEach(EventClient::close);
    }
}
