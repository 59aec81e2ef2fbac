package dev.workcluster.leader.cluster;

import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's end of one library worker's open session stream. gRPC's outbound
 * observer is not thread-safe and the dispatcher, the session's own handler and
 * the expiry timer all send on it, so every send is serialised here.
 *
 * <p>Sends respect flow control: while gRPC says the stream is not ready (the worker
 * does not read), messages wait here, and go out as it becomes ready again. What waits
 * is bounded, by bytes and by count; a worker that stays behind past either bound has
 * its stream closed with RESOURCE_EXHAUSTED and is treated like one whose stream broke.
 */
public final class WorkerSession {
    private static final Logger log = LoggerFactory.getLogger(WorkerSession.class);
    /** Messages that may wait however small they are (acks and stops are a few bytes each). */
    public static final int MAX_WAITING_MESSAGES = 10_000;

    private final String memberId;
    private final long incarnation;
    private final boolean batches;
    private final ServerCallStreamObserver<SessionResponse> outbound;
    private final long maxWaitingBytes;
    private final Runnable onOverflow;
    private final ArrayDeque<SessionResponse> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private boolean closed;

    /**
     * {@code incarnation}: the member's incarnation its Join produced, which fences its expiry;
     * {@code batches}: the worker takes several starts or acknowledgements per message;
     * {@code maxWaitingBytes}: what may wait unsent (one message waits whatever its size);
     * {@code onOverflow}: runs, without this session's lock, once the stream was closed for it.
     */
    public WorkerSession(
            String memberId,
            long incarnation,
            boolean batches,
            ServerCallStreamObserver<SessionResponse> outbound,
            long maxWaitingBytes,
            Runnable onOverflow) {
        this.memberId = memberId;
        this.incarnation = incarnation;
        this.batches = batches;
        this.outbound = outbound;
        this.maxWaitingBytes = maxWaitingBytes;
        this.onOverflow = onOverflow;
    }

    public String memberId() {
        return memberId;
    }

    public long incarnation() {
        return incarnation;
    }

    /** Whether the worker takes StartTasks and OutcomeAcks (several items per message). */
    public boolean batches() {
        return batches;
    }

    /**
     * Sends now, or queues behind flow control. False when the message will not reach the
     * worker: the stream is closed, or closes now because the worker fell too far behind.
     */
    public boolean send(SessionResponse message) {
        Status overflow;
        synchronized (this) {
            if (closed) {
                return false;
            }
            waiting.add(message);
            waitingBytes += message.getSerializedSize();
            flush();
            if (closed) {
                return false;
            }
            if (waiting.size() <= MAX_WAITING_MESSAGES && (waitingBytes <= maxWaitingBytes || waiting.size() == 1)) {
                return true;
            }
            overflow = Status.RESOURCE_EXHAUSTED.withDescription("worker '" + memberId + "' does not read its session: "
                    + waiting.size() + " messages (" + waitingBytes + " bytes) wait to be sent; the limit is "
                    + maxWaitingBytes + " bytes (session-send-buffer) or " + MAX_WAITING_MESSAGES + " messages");
            log.warn(
                    "event=session_send_buffer_full member={} waiting_messages={} waiting_bytes={} limit_bytes={}",
                    memberId,
                    waiting.size(),
                    waitingBytes,
                    maxWaitingBytes);
            close(overflow);
        }
        onOverflow.run();
        return false;
    }

    /** gRPC can take more (the stream's onReady): what waits goes out. */
    public synchronized void drain() {
        if (!closed) {
            flush();
        }
    }

    private void flush() {
        try {
            while (!waiting.isEmpty() && outbound.isReady()) {
                SessionResponse next = waiting.poll();
                waitingBytes -= next.getSerializedSize();
                outbound.onNext(next);
            }
        } catch (RuntimeException e) {
            closed = true; // the call was cancelled under us: the worker is gone
            dropWaiting();
        }
    }

    /** Ends the stream normally (after a Goodbye). */
    public synchronized void complete() {
        if (!closed) {
            closed = true;
            dropWaiting();
            outbound.onCompleted();
        }
    }

    /** Ends the stream with a status the worker reacts to (it reconnects). */
    public synchronized void close(Status status) {
        if (!closed) {
            closed = true;
            dropWaiting();
            try {
                outbound.onError(status.asRuntimeException());
            } catch (RuntimeException e) {
                // already cancelled by the peer: nothing left to tell it
            }
        }
    }

    /** The worker's side went away (stream error or half-close). */
    public synchronized void markClosed() {
        closed = true;
        dropWaiting();
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    private void dropWaiting() {
        waiting.clear();
        waitingBytes = 0;
    }
}
