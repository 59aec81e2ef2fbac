package dev.workcluster.leader.testing;

import dev.workcluster.proto.worker.v1.StartWorkRequest;
import dev.workcluster.proto.worker.v1.StartWorkResponse;
import dev.workcluster.proto.worker.v1.StopWorkRequest;
import dev.workcluster.proto.worker.v1.StopWorkResponse;
import dev.workcluster.proto.worker.v1.WorkerServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A seed ("push-mode") worker's WorkerService on a loopback port: accepts every StartWork,
 * remembers what it was asked to start and stop, and does no work. The test plays the
 * worker's part by calling TaskComplete itself.
 */
public final class RecordingWorker implements AutoCloseable {
    private final BlockingQueue<String> notYetTaken = new LinkedBlockingQueue<>();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private final Server server;

    private RecordingWorker() throws IOException {
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Service())
                .build()
                .start();
    }

    public static RecordingWorker start() throws IOException {
        return new RecordingWorker();
    }

    /** host:port to Join with. */
    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** The next task this worker was told to start and the test has not taken yet. */
    public String takeStarted(Duration timeout) throws InterruptedException {
        String id = notYetTaken.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (id == null) {
            throw new AssertionError("no StartWork arrived within " + timeout + "; started so far: " + started);
        }
        return id;
    }

    /** Every StartWork id, in arrival order (a retried task appears once per start). */
    public List<String> started() {
        return List.copyOf(started);
    }

    public Set<String> stopped() {
        return Set.copyOf(stopped);
    }

    private final class Service extends WorkerServiceGrpc.WorkerServiceImplBase {
        @Override
        public void startWork(StartWorkRequest request, StreamObserver<StartWorkResponse> observer) {
            started.add(request.getId());
            notYetTaken.add(request.getId());
            observer.onNext(StartWorkResponse.newBuilder().setSuccess(true).build());
            observer.onCompleted();
        }

        @Override
        public void stopWork(StopWorkRequest request, StreamObserver<StopWorkResponse> observer) {
            stopped.add(request.getId());
            observer.onNext(StopWorkResponse.newBuilder().setSuccess(true).build());
            observer.onCompleted();
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
