package dev.workcluster.leader.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's HTTP port ({@code --http-port}): Prometheus' {@code /metrics} and whatever else
 * is mounted on it, served by the JDK's own HTTP server on a few threads of its own, so a
 * slow scraper or page never takes a thread from gRPC or Raft.
 *
 * <pre>{@code
 * HttpPort http = HttpPort.start("0.0.0.0", 50080, Map.of("/metrics", MetricsHandler.of(metrics::scrape)));
 * }</pre>
 */
public final class HttpPort implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpPort.class);
    /** Requests served at once; more wait in the server's accept queue. */
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpPort(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code port} (0: any free one) and serves each path prefix with its handler. */
    public static HttpPort start(String bindHost, int port, Map<String, HttpHandler> routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindHost, port), 64);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        routes.forEach(server::createContext);
        server.setExecutor(executor);
        server.start();
        log.info("event=http_started port={} paths={}", server.getAddress().getPort(), routes.keySet());
        return new HttpPort(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
