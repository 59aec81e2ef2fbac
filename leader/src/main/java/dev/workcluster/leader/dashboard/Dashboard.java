package dev.workcluster.leader.dashboard;

import com.google.common.net.HostAndPort;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.workcluster.leader.access.AccessControl;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard on a node's HTTP port: the page at {@code /} and its JSON and event
 * endpoints at {@code /api/}, which read and write through the node's own gRPC services.
 *
 * <pre>{@code
 * Dashboard dashboard = Dashboard.forNode("0.0.0.0", 50051, "node1.example:50051", access, 1 << 20);
 * HttpPort.start(host, port, Map.of("/", dashboard, "/metrics", metrics));
 * }</pre>
 */
public final class Dashboard implements HttpHandler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    /** Threads that write to the browsers' event streams, one frame per browser at a time. */
    private static final int EVENT_WRITERS = 2;

    private final Gateway gateway;
    private final ScheduledExecutorService timer;
    private final ExecutorService writers;
    private final EventClients events;
    private final LiveFeed feed;
    private final ApiRoutes api;
    private final StaticAssets assets = new StaticAssets();
    private final ScheduledFuture<?> ticks;
    private final ScheduledFuture<?> flushes;

    private Dashboard(String target, String authority, AccessControl access, int maxBodyBytes) {
        this.gateway = new Gateway(target, authority, access.channelCredentials());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dashboard-timer"));
        AtomicInteger count = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(
                EVENT_WRITERS, r -> daemon(r, "dashboard-events-" + count.incrementAndGet()));
        this.events = new EventClients(writers);
        Throughput throughput = new Throughput();
        this.feed = new LiveFeed(gateway, HttpCaller.anonymous(access.settings()), events, throughput, timer);
        this.api = new ApiRoutes(gateway, throughput, events, access.settings(), maxBodyBytes);
        this.ticks = timer.scheduleAtFixedRate(
                guarded("tick", () -> throughput.tick(Instant.now().getEpochSecond() - 1)),
                1000 - System.currentTimeMillis() % 1000,
                1000,
                TimeUnit.MILLISECONDS);
        this.flushes = timer.scheduleWithFixedDelay(
                guarded("flush", events::flush), 0, EventClients.FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A periodic task that throws is never run again: a failure is logged and the next run goes on. */
    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("event=dashboard_task_failed task={} error={}", name, e.toString());
            }
        };
    }

    /**
     * Starts the dashboard of a node that serves cluster.v1 on {@code clusterPort}.
     *
     * @param bindHost          where the node listens; a wildcard is reached on loopback
     * @param advertisedAddress host:port clients reach the node at, whose host its certificate names
     * @param maxPayloadBytes   the node's payload limit, which bounds the body of a schedule request
     */
    public static Dashboard forNode(
            String bindHost, int clusterPort, String advertisedAddress, AccessControl access, int maxPayloadBytes) {
        boolean wildcard = bindHost.isEmpty() || bindHost.equals("0.0.0.0") || bindHost.equals("::");
        String host = wildcard ? "127.0.0.1" : bindHost;
        String target = HostAndPort.fromParts(host, clusterPort).toString();
        String authority = access.tls() == null
                ? null
                : HostAndPort.fromString(advertisedAddress).getHost();
        Dashboard dashboard = new Dashboard(target, authority, access, maxPayloadBytes + (64 << 10));
        dashboard.feed.open();
        return dashboard;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (exchange.getRequestURI().getPath().startsWith("/api/")) {
                api.handle(exchange);
            } else {
                assets.handle(exchange);
            }
        } finally {
            if (!exchange.getResponseHeaders().containsKey("Content-Type")
                    || !exchange.getResponseHeaders().getFirst("Content-Type").startsWith("text/event-stream")) {
                exchange.close();
            }
        }
    }

    @Override
    public void close() {
        ticks.cancel(false);
        flushes.cancel(false);
        feed.close();
        timer.shutdownNow();
        events.close();
        writers.shutdownNow();
        gateway.close();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
