package dev.workcluster.leader.cluster;

import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.Status;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open session streams of library workers, by member id (soft state, on the
 * Raft leader only). At most one per member: a newer session of the same worker
 * replaces the older one, which handles a reconnect that overtakes the
 * detection of its own broken connection.
 */
public final class WorkerSessions {
    private final Map<String, WorkerSession> open = new ConcurrentHashMap<>();
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    /** Sessions are taken only while this node holds the leader's duties. */
    private boolean accepting;

    /** Session streams open now. */
    public int count() {
        return open.size();
    }

    /** Leadership taken up: sessions may register from now on. */
    public synchronized void accept() {
        accepting = true;
    }

    /**
     * Registers a welcomed session; false (and nothing registered) when this node no
     * longer holds the leader's duties, so a session never outlives the leadership it joined under.
     */
    public synchronized boolean register(WorkerSession session) {
        if (!accepting) {
            return false;
        }
        draining.remove(session.memberId());
        WorkerSession previous = open.put(session.memberId(), session);
        if (previous != null && previous != session) {
            previous.close(Status.ABORTED.withDescription(
                    "replaced by a newer session of worker '" + session.memberId() + "'"));
        }
        return true;
    }

    /** Forgets this session if it is still the member's current one. */
    public boolean remove(WorkerSession session) {
        return open.remove(session.memberId(), session);
    }

    public boolean isConnected(String memberId) {
        WorkerSession session = open.get(memberId);
        return session != null && session.isOpen();
    }

    /** Whether the member's open session takes several items per message (its Hello asked for batches). */
    public boolean takesBatches(String memberId) {
        WorkerSession session = open.get(memberId);
        return session != null && session.batches();
    }

    public boolean send(String memberId, SessionResponse message) {
        WorkerSession session = open.get(memberId);
        return session != null && session.send(message);
    }

    /** Closes a member's session with a status (expired, leadership lost); the worker reconnects. */
    public void close(String memberId, Status status) {
        WorkerSession session = open.remove(memberId);
        if (session != null) {
            session.close(status);
        }
    }

    /** Closes the member's session if it belongs to this incarnation or an older one (a newer join keeps its own). */
    public void close(String memberId, long upToIncarnation, Status status) {
        WorkerSession session = open.get(memberId);
        if (session != null && session.incarnation() <= upToIncarnation && open.remove(memberId, session)) {
            session.close(status);
        }
    }

    /** Closes every session and takes no more until {@link #accept()}: leadership was lost, or the node stops. */
    public void closeAll(Status status) {
        synchronized (this) {
            accepting = false;
        }
        open.keySet().forEach(id -> close(id, status));
        draining.clear();
    }

    public void draining(String memberId) {
        draining.add(memberId);
    }

    public boolean isDraining(String memberId) {
        return draining.contains(memberId);
    }

    public void forget(String memberId) {
        draining.remove(memberId);
    }

    public int size() {
        return open.size();
    }
}
