package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.testing.LeaderWithPushWorkers;
import dev.workcluster.leader.testing.TestPushWorker;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusAndWatchTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final LeaderWithPushWorkers fixture = new LeaderWithPushWorkers();

    void schedule(String id) {
        fixture.leader()
                .scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("p"))
                        .build());
    }

    List<WatchTasksResponse> watch(boolean includeExisting) {
        List<WatchTasksResponse> events = new CopyOnWriteArrayList<>();
        SchedulerServiceGrpc.newStub(fixture.leader().channel())
                .watchTasks(
                        WatchTasksRequest.newBuilder()
                                .setIncludeExisting(includeExisting)
                                .build(),
                        new StreamObserver<>() {
                            @Override
                            public void onNext(WatchTasksResponse value) {
                                events.add(value);
                            }

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {}
                        });
        return events;
    }

    @Test
    void statusReportsTheRaftRoleMembersAndTasksByState() throws Exception {
        TestPushWorker worker = fixture.join("w1");
        schedule("a");
        schedule("b");
        await().atMost(WAIT).until(() -> worker.running().size() == 1);

        GetStatusResponse status = fixture.leader().cluster().getStatus(GetStatusRequest.getDefaultInstance());

        assertThat(status.getRole()).isEqualTo("LEADER");
        assertThat(status.getLeaderReady()).isTrue();
        assertThat(status.getTerm()).isPositive();
        assertThat(status.getNodeId()).isEqualTo("n1");
        assertThat(status.getLeaderId()).isEqualTo("n1");
        assertThat(status.getLeaderAddress())
                .endsWith(":" + fixture.leader().server().clusterPort());
        assertThat(status.getPeersList())
                .singleElement()
                .satisfies(p -> assertThat(p.getRole()).isEqualTo("LEADER"));
        assertThat(status.getAppliedIndex()).isPositive();
        assertThat(status.getMembersAlive()).isEqualTo(1);
        assertThat(status.getMembersTotal()).isEqualTo(1);
        assertThat(status.getTasks().getRunning()).isEqualTo(1);
        assertThat(status.getTasks().getPending()).isEqualTo(1);
        await().atMost(WAIT)
                .until(() -> fixture.leader()
                                .cluster()
                                .getStatus(GetStatusRequest.getDefaultInstance())
                                .getOldestPendingAgeMs()
                        > 0);
    }

    @Test
    void aWatchSeesWhatExistsThenEveryChangeAsItHappens() throws Exception {
        schedule("old");
        List<WatchTasksResponse> events = watch(true);
        await().atMost(WAIT).until(() -> events.stream().anyMatch(WatchTasksResponse::hasSnapshotComplete));
        assertThat(events.get(0).getTask().getId()).isEqualTo("old");

        TestPushWorker worker = fixture.join("w1");
        schedule("new");
        await().atMost(WAIT).until(() -> worker.running().size() == 1);
        worker.complete(worker.running().iterator().next());

        await().atMost(WAIT)
                .until(() -> events.stream()
                        .anyMatch(e -> e.hasTask() && e.getTask().getStatus() == TaskStatus.TASK_STATUS_COMPLETED));
        assertThat(events).anyMatch(e -> e.hasMember() && e.getMember().getId().equals("w1"));
        assertThat(events)
                .anyMatch(e -> e.hasTask()
                        && e.getTask().getId().equals("new")
                        && e.getTask().getStatus() == TaskStatus.TASK_STATUS_PENDING);
        assertThat(events).anyMatch(e -> e.hasTask() && e.getTask().getStatus() == TaskStatus.TASK_STATUS_RUNNING);
    }

    @Test
    void aWatchSeesSessionsOpenAndBreakThoughTheyAreNotInTheLog() {
        List<WatchTasksResponse> events = watch(true);
        await().atMost(WAIT).until(() -> events.stream().anyMatch(WatchTasksResponse::hasSnapshotComplete));
        dev.workcluster.leader.testing.RawSession session =
                new dev.workcluster.leader.testing.RawSession(fixture.leader().channel());
        session.send(dev.workcluster.proto.cluster.v1.SessionRequest.newBuilder()
                .setHello(dev.workcluster.proto.cluster.v1.Hello.newBuilder()
                        .setWorkerId("s1")
                        .setSlots(2)
                        .setHeartbeatIntervalMs(10_000))
                .build());

        await().atMost(WAIT)
                .until(() -> events.stream()
                        .anyMatch(
                                e -> e.hasMember() && e.getMember().getStatus().equals("alive, idle")));
        session.cancel();
        await().atMost(WAIT)
                .until(() -> events.stream()
                        .anyMatch(e -> e.hasMember()
                                && e.getMember().getStatus().equals("alive, idle, disconnected, awaiting reconnect")));
    }

    @Test
    void aWatchWithoutExistingTasksSeesOnlyChanges() {
        schedule("old");
        List<WatchTasksResponse> events = watch(false);
        java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();
        // The watch registers asynchronously: keep changing things until it sees one.
        await().atMost(WAIT).until(() -> {
            schedule("new-" + probes.incrementAndGet());
            return !events.isEmpty();
        });
        assertThat(events).allSatisfy(e -> assertThat(e.getTask().getId()).startsWith("new-"));
        assertThat(events).noneMatch(WatchTasksResponse::hasSnapshotComplete);
    }
}
