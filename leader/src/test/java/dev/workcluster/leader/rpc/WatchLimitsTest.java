package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Open watches are capped, and a watch the server ends gives its place (and its backlog) up at once. */
class WatchLimitsTest {
    private static final int BATCH = 10_000;

    @TempDir
    Path dir;

    LeaderFixture leader;
    ManagedChannel slowChannel;

    @BeforeEach
    void start() throws Exception {
        leader = LeaderFixture.start(dir, c -> c.withMaxWatches(1));
        // Its own connection with a small window, so the stalled stream holds up nothing else.
        slowChannel = NettyChannelBuilder.forTarget(leader.schedulerAddress())
                .usePlaintext()
                .flowControlWindow(64 << 10)
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        slowChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        leader.close();
    }

    /** A watch whose client never asks for a message. */
    void watchWithoutReading() {
        SchedulerServiceGrpc.newStub(slowChannel)
                .watchTasks(
                        WatchTasksRequest.getDefaultInstance(),
                        new ClientResponseObserver<WatchTasksRequest, WatchTasksResponse>() {
                            @Override
                            public void beforeStart(ClientCallStreamObserver<WatchTasksRequest> stream) {
                                stream.disableAutoRequestWithInitial(0);
                            }

                            @Override
                            public void onNext(WatchTasksResponse value) {}

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {}
                        });
    }

    /** Opens a watch with existing tasks; true when it was served (it is cancelled again), false when refused. */
    boolean watchIsServed() {
        Context.CancellableContext watch = Context.current().withCancellation();
        try {
            return watch.call(() -> {
                Iterator<WatchTasksResponse> events = SchedulerServiceGrpc.newBlockingStub(leader.channel())
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .watchTasks(WatchTasksRequest.newBuilder()
                                .setIncludeExisting(true)
                                .build());
                try {
                    return events.hasNext();
                } catch (StatusRuntimeException e) {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    return false;
                }
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            watch.cancel(null);
        }
    }

    void schedule(int batch) {
        ScheduleTasksRequest.Builder request = ScheduleTasksRequest.newBuilder();
        for (int i = 0; i < BATCH; i++) {
            request.addTasks(Task.newBuilder().setId("b" + batch + "-" + i).setPayload("p"));
        }
        leader.scheduler().scheduleTasks(request.build());
    }

    @Test
    void aWatchBeyondTheCapIsRefusedNamingTheLimit() {
        watchWithoutReading();
        await().atMost(Duration.ofSeconds(10)).until(() -> !watchIsServed());

        StatusRuntimeException refused = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> SchedulerServiceGrpc.newBlockingStub(leader.channel())
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .watchTasks(WatchTasksRequest.getDefaultInstance())
                        .hasNext());

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription())
                .isEqualTo("too many watches open: 1; the limit is 1 (max-watches)");
    }

    @Test
    void aWatcherCutOffForFallingBehindGivesUpItsPlaceAtOnceThoughItsClientNeverReads() {
        watchWithoutReading();
        await().atMost(Duration.ofSeconds(10)).until(() -> !watchIsServed());

        // Enough changes to overflow the stalled watch's backlog (the transport takes its window first).
        int batches = TaskWatcher.MAX_BACKLOG / BATCH + 3;
        for (int batch = 0; batch < batches; batch++) {
            schedule(batch);
        }

        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(this::watchIsServed);
    }
}
