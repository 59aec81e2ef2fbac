package dev.workcluster.leader.testing;

import static org.awaitility.Awaitility.await;

import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.StartTask;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A session stream driven message by message, to test the leader's side of the protocol directly. */
public final class RawSession {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<SessionResponse> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final StreamObserver<SessionRequest> requests;
    private final boolean reading;
    private volatile ClientCallStreamObserver<SessionRequest> call;

    public RawSession(Channel channel) {
        this(channel, true);
    }

    private RawSession(Channel channel, boolean reading) {
        this.reading = reading;
        requests = LeaderServiceGrpc.newStub(channel)
                .session(new ClientResponseObserver<SessionRequest, SessionResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<SessionRequest> stream) {
                        call = stream;
                        if (!reading) {
                            stream.disableAutoRequestWithInitial(0);
                        }
                    }

                    @Override
                    public void onNext(SessionResponse value) {
                        received.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.OK);
                    }
                });
    }

    /**
     * A worker that never reads what the leader sends (until {@link #startReading()}): gRPC
     * flow control stops the leader's writes once the transport's window is full.
     */
    public static RawSession notReading(Channel channel) {
        return new RawSession(channel, false);
    }

    /**
     * A worker that said Hello with {@code slots} slots and got its Welcome. It announces a
     * heartbeat interval of 10 s, so it stays alive through a test without sending any.
     */
    public static RawSession welcomed(Channel channel, String workerId, int slots) {
        return welcomed(
                channel,
                Hello.newBuilder()
                        .setWorkerId(workerId)
                        .setSlots(slots)
                        .setHeartbeatIntervalMs(10_000)
                        .build());
    }

    /** A worker that said {@code hello} and got its Welcome (it fails if the first answer is anything else). */
    public static RawSession welcomed(Channel channel, Hello hello) {
        RawSession session = new RawSession(channel)
                .send(SessionRequest.newBuilder().setHello(hello).build());
        await().atMost(WAIT).until(() -> !session.received().isEmpty());
        if (!session.received().get(0).hasWelcome()) {
            throw new IllegalStateException("no Welcome for " + hello.getWorkerId() + ": "
                    + session.received().get(0));
        }
        return session;
    }

    /** The StartTask for {@code taskId}, once it came. */
    public StartTask awaitStart(String taskId) {
        await().atMost(WAIT)
                .until(() -> received.stream()
                        .anyMatch(r -> r.hasStart() && r.getStart().getTaskId().equals(taskId)));
        return received.stream()
                .filter(r -> r.hasStart() && r.getStart().getTaskId().equals(taskId))
                .findFirst()
                .orElseThrow()
                .getStart();
    }

    /** A session made with {@link #notReading} reads from now on: what the leader holds arrives, then its end. */
    public void startReading() {
        if (!reading) {
            call.request(Integer.MAX_VALUE);
        }
    }

    public RawSession send(SessionRequest request) {
        requests.onNext(request);
        return this;
    }

    public List<SessionResponse> received() {
        return received;
    }

    /** How the leader ended the stream; completes when it does. */
    public CompletableFuture<Status> ended() {
        return ended;
    }

    public void cancel() {
        requests.onError(Status.CANCELLED.asRuntimeException());
    }

    public void halfClose() {
        requests.onCompleted();
    }
}
