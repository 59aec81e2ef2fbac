package dev.workcluster.worker.testing;

import dev.workcluster.proto.cluster.v1.HeartbeatRequest;
import dev.workcluster.proto.cluster.v1.HeartbeatResponse;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.JoinResponse;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.LeaveRequest;
import dev.workcluster.proto.cluster.v1.LeaveResponse;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.proto.scheduler.v1.TaskCompleteResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A leader for the library's tests: serves cluster.v1.LeaderService (Session, Join,
 * Heartbeat, Leave) and scheduler.v1.SchedulerService.TaskComplete, records what the
 * worker sends, and answers as the test scripts it. By default a Session's Hello gets a
 * Welcome, every outcome an outcome_ack, and the stream ends when the worker half-closes.
 */
public final class ScriptedLeader implements AutoCloseable {
    private final String address;
    private final Server server;
    private final List<ScriptedSession> sessions = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<ScriptedSession, SessionRequest> onHello = (s, hello) -> s.welcome();
    private volatile boolean autoAck = true;

    public final List<JoinRequest> joins = new CopyOnWriteArrayList<>();
    public final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
    public final List<LeaveRequest> leaves = new CopyOnWriteArrayList<>();
    public final List<TaskCompleteRequest> completions = new CopyOnWriteArrayList<>();
    /** Statuses the next Join / Heartbeat / TaskComplete calls fail with, one per call. */
    public final Queue<Status> joinFailures = new ConcurrentLinkedQueue<>();

    public final Queue<Status> heartbeatFailures = new ConcurrentLinkedQueue<>();
    public final Queue<Status> completionFailures = new ConcurrentLinkedQueue<>();

    private ScriptedLeader(String address, boolean loopback) {
        try {
            if (loopback) {
                this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                        .addService(new Leader())
                        .addService(new Scheduler())
                        .build()
                        .start();
                this.address = "127.0.0.1:" + server.getPort();
            } else {
                this.server = InProcessServerBuilder.forName(address)
                        .addService(new Leader())
                        .addService(new Scheduler())
                        .build()
                        .start();
                this.address = address;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An in-process leader named by a host:port-looking address, e.g. "leader-a:1". */
    public static ScriptedLeader inProcess(String address) {
        return new ScriptedLeader(address, false);
    }

    /** A leader on a real loopback port. */
    public static ScriptedLeader onLoopback() {
        return new ScriptedLeader(null, true);
    }

    /** Channels to in-process leaders by address (a missing one answers UNAVAILABLE). */
    public static ManagedChannel inProcessChannel(String address) {
        return InProcessChannelBuilder.forName(address).build();
    }

    public String address() {
        return address;
    }

    /** What to do with each Hello, instead of answering Welcome. */
    public ScriptedLeader onHello(BiConsumer<ScriptedSession, SessionRequest> script) {
        this.onHello = script;
        return this;
    }

    public ScriptedLeader autoAck(boolean autoAck) {
        this.autoAck = autoAck;
        return this;
    }

    public List<ScriptedSession> sessions() {
        return List.copyOf(sessions);
    }

    public ScriptedSession session(int index) {
        return sessions.get(index);
    }

    public ScriptedSession latest() {
        return sessions.get(sessions.size() - 1);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Leader extends LeaderServiceGrpc.LeaderServiceImplBase {
        @Override
        public StreamObserver<SessionRequest> session(StreamObserver<SessionResponse> out) {
            ScriptedSession session = new ScriptedSession(out);
            sessions.add(session);
            return new StreamObserver<>() {
                @Override
                public void onNext(SessionRequest request) {
                    session.record(request);
                    switch (request.getKindCase()) {
                        case HELLO -> onHello.accept(session, request);
                        case OUTCOME -> {
                            if (autoAck) {
                                session.ack(
                                        request.getOutcome().getTaskId(),
                                        request.getOutcome().getAttempt());
                            }
                        }
                        case GOODBYE -> {} // the stream ends when the worker half-closes
                        default -> {}
                    }
                }

                @Override
                public void onError(Throwable t) {
                    session.markWorkerFailed(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    session.markWorkerHalfClosed();
                    session.complete();
                }
            };
        }

        @Override
        public void join(JoinRequest request, StreamObserver<JoinResponse> response) {
            joins.add(request);
            answer(joinFailures.poll(), JoinResponse.getDefaultInstance(), response);
        }

        @Override
        public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
            heartbeats.add(request);
            answer(heartbeatFailures.poll(), HeartbeatResponse.getDefaultInstance(), response);
        }

        @Override
        public void leave(LeaveRequest request, StreamObserver<LeaveResponse> response) {
            leaves.add(request);
            answer(null, LeaveResponse.getDefaultInstance(), response);
        }
    }

    private final class Scheduler extends SchedulerServiceGrpc.SchedulerServiceImplBase {
        @Override
        public void taskComplete(TaskCompleteRequest request, StreamObserver<TaskCompleteResponse> response) {
            completions.add(request);
            answer(completionFailures.poll(), TaskCompleteResponse.getDefaultInstance(), response);
        }
    }

    private static <T> void answer(Status failure, T value, StreamObserver<T> response) {
        if (failure != null) {
            response.onError(failure.asRuntimeException());
        } else {
            response.onNext(value);
            response.onCompleted();
        }
    }
}
