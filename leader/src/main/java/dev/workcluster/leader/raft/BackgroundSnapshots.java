package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.proto.StateSnapshot;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes snapshots off Raft's apply thread. Ratis asks for a snapshot on that thread
 * and applies nothing until the answer, so serialising, writing and fsyncing a large
 * state there stalls every write for as long. Here the apply thread only captures the
 * state (an immutable copy); a writer thread makes it durable, and the next time Ratis
 * asks, it is told the index, which lets it purge the log that the snapshot covers.
 * Until then Ratis hears "no snapshot" (-1) and keeps the log.
 */
final class BackgroundSnapshots implements SnapshotTimes, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundSnapshots.class);
    static final long NONE = -1;

    /** The state at one applied index, ready to be written. */
    record Captured(StateSnapshot snapshot, TermIndex at) {}

    private final SnapshotFiles files;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "snapshot-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong writingNanos = new AtomicLong();
    private boolean writing;
    private long durable = NONE;
    private long reported = NONE;

    BackgroundSnapshots(SnapshotFiles files) {
        this.files = files;
    }

    /**
     * Ratis wants a snapshot: returns the index of one made durable since the last call,
     * or starts writing one from {@code capture} (called here, on the caller's thread) and returns {@link #NONE}.
     */
    synchronized long due(Supplier<Captured> capture) {
        if (durable > reported) {
            reported = durable;
            return durable;
        }
        if (writing) {
            return NONE;
        }
        Captured captured = capture.get();
        writing = true;
        writer.execute(() -> write(captured));
        return NONE;
    }

    @Override
    public long count() {
        return written.get();
    }

    @Override
    public long totalNanos() {
        return writingNanos.get();
    }

    /** A snapshot was loaded (at start, or installed from the leader): what was written before is history. */
    synchronized void loaded(long index) {
        reported = Math.max(reported, index);
        durable = Math.max(durable, index);
    }

    private void write(Captured captured) {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            files.write(captured.snapshot(), captured.at());
            ok = true;
            writingNanos.addAndGet(System.nanoTime() - started);
            written.incrementAndGet();
            log.info(
                    "event=snapshot_taken term={} index={} tasks={} write_ms={}",
                    captured.at().getTerm(),
                    captured.at().getIndex(),
                    captured.snapshot().getTasksCount(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (IOException | RuntimeException e) {
            log.error("event=snapshot_failed index={} error={}", captured.at().getIndex(), e.toString(), e);
        } finally {
            synchronized (this) {
                writing = false;
                if (ok) {
                    durable = Math.max(durable, captured.at().getIndex());
                }
            }
        }
    }

    /** Lets a snapshot being written finish, so a clean stop leaves it whole on disk. */
    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
            log.warn("event=snapshot_write_abandoned reason=timeout");
        }
    }
}
