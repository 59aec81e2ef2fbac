package dev.workcluster.leader.rpc;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.netty.shaded.io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The network event loops of this node's gRPC servers, owned here rather than taken
 * from grpc's JVM-wide default so the node can tell how far its own reading lags.
 * A worker's heartbeat only counts once a loop has read it; when the node is starved
 * (a join storm, a GC pause, a busy machine) heartbeats sit unread in socket buffers,
 * and expiring their senders would blame the workers for the leader's own delay.
 *
 * <p>A probe reschedules itself on every loop. A loop runs a scheduled task only after
 * a full read pass, and a task scheduled from its own run is never due in the same
 * pass, so when a probe runs, everything that had arrived by the previous run has
 * been read. {@link #readUpToNanos()} is the earliest such time over all loops. Read is
 * not quite handled (a heartbeat's handler runs right after its read, on the same thread,
 * see {@link CallExecutors}), but the mark trails the reads by a probe interval at least,
 * which covers that.
 */
public final class ServerEventLoops implements AutoCloseable {
    static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final List<Probe> probes = new ArrayList<>();
    private volatile boolean closed;

    /** As many worker loops as grpc's default (twice the cores); epoll where the platform has it. */
    public ServerEventLoops() {
        boolean epoll = Epoll.isAvailable();
        this.boss = epoll
                ? new EpollEventLoopGroup(1, threads("grpc-server-boss"))
                : new NioEventLoopGroup(1, threads("grpc-server-boss"));
        this.workers = epoll
                ? new EpollEventLoopGroup(0, threads("grpc-server-io"))
                : new NioEventLoopGroup(0, threads("grpc-server-io"));
        this.channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        for (EventExecutor loop : workers) {
            Probe probe = new Probe(loop, System.nanoTime());
            probes.add(probe);
            loop.execute(probe);
        }
    }

    /** Serves a server's connections on these loops. */
    NettyServerBuilder configure(NettyServerBuilder builder) {
        return builder.bossEventLoopGroup(boss).workerEventLoopGroup(workers).channelType(channelType);
    }

    /** Everything any connection delivered to this node before this {@link System#nanoTime} has been read. */
    public long readUpToNanos() {
        long upTo = Long.MAX_VALUE;
        for (Probe probe : probes) {
            long loopUpTo = probe.readUpTo;
            if (loopUpTo - upTo < 0) {
                upTo = loopUpTo;
            }
        }
        return upTo;
    }

    List<EventExecutor> loops() {
        List<EventExecutor> loops = new ArrayList<>();
        workers.forEach(loops::add);
        return loops;
    }

    /** Call after the servers using these loops have terminated. */
    @Override
    public void close() {
        closed = true;
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static DefaultThreadFactory threads(String name) {
        return new DefaultThreadFactory(name, true);
    }

    private final class Probe implements Runnable {
        private final EventExecutor loop;
        private long lastRun;
        private volatile long readUpTo;

        Probe(EventExecutor loop, long created) {
            this.loop = loop;
            this.lastRun = created;
            this.readUpTo = created;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            readUpTo = lastRun;
            lastRun = now;
            if (closed) {
                return;
            }
            try {
                loop.schedule(this, PROBE_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the loop is shutting down with the node: nothing left to measure
            }
        }
    }
}
