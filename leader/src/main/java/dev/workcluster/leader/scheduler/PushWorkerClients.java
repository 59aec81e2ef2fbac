package dev.workcluster.leader.scheduler;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.workcluster.proto.worker.v1.StartWorkRequest;
import dev.workcluster.proto.worker.v1.StopWorkRequest;
import dev.workcluster.proto.worker.v1.WorkerServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Channels to seed ("push-mode") workers' WorkerService, one per address, calls always async with a deadline. */
public final class PushWorkerClients implements AutoCloseable {
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Duration callTimeout;

    private final ChannelCredentials credentials;

    public PushWorkerClients(Duration callTimeout) {
        this(callTimeout, InsecureChannelCredentials.create());
    }

    /** {@code credentials}: how the leader calls workers (mutual TLS: it presents its certificate, verifies theirs). */
    public PushWorkerClients(Duration callTimeout, ChannelCredentials credentials) {
        this.credentials = credentials;
        this.callTimeout = callTimeout;
    }

    /** Completes with the worker's {@code success}; exceptionally when the call fails or times out. */
    public CompletableFuture<Boolean> startWork(String address, String taskId, String payload) {
        var call = stub(address)
                .startWork(StartWorkRequest.newBuilder()
                        .setId(taskId)
                        .setPayload(payload)
                        .build());
        return toCompletable(Futures.transform(call, r -> r.getSuccess(), MoreExecutors.directExecutor()));
    }

    public CompletableFuture<Boolean> stopWork(String address, String taskId) {
        var call = stub(address)
                .stopWork(StopWorkRequest.newBuilder().setId(taskId).build());
        return toCompletable(Futures.transform(call, r -> r.getSuccess(), MoreExecutors.directExecutor()));
    }

    /** Drops the channel of a worker that left. */
    public void forget(String address) {
        ManagedChannel channel = channels.remove(address);
        if (channel != null) {
            channel.shutdown();
        }
    }

    private WorkerServiceGrpc.WorkerServiceFutureStub stub(String address) {
        ManagedChannel channel = channels.computeIfAbsent(
                address,
                target -> NettyChannelBuilder.forTarget(target, credentials).build());
        return WorkerServiceGrpc.newFutureStub(channel)
                .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> CompletableFuture<T> toCompletable(ListenableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Futures.addCallback(
                future,
                new FutureCallback<>() {
                    @Override
                    public void onSuccess(T value) {
                        result.complete(value);
                    }

                    @Override
                    public void onFailure(Throwable error) {
                        result.completeExceptionally(error);
                    }
                },
                MoreExecutors.directExecutor());
        return result;
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
