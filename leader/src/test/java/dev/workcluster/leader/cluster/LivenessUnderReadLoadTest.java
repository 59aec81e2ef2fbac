package dev.workcluster.leader.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.PushWorkers;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeats are never queued behind reads: a large state, hundreds of concurrent status-filtered
 * listings, and workers of both transports heartbeating every 100 ms, expired after 500 ms of silence.
 */
class LivenessUnderReadLoadTest {
    private static final int TASKS = 200_000;
    private static final int BATCH = 10_000;
    private static final int SESSIONS = 4;
    private static final int PUSH_WORKERS = 2;
    private static final int HEARTBEAT_MILLIS = 100;
    /** Both transports expire after 5 silent intervals: a busy node may take no longer to hear a heartbeat. */
    private static final int MISSED_HEARTBEATS = 5;

    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis((long) HEARTBEAT_MILLIS * MISSED_HEARTBEATS);
    private static final int PENDING_PAGE = 1_000;
    private static final int LISTINGS_IN_FLIGHT = 256;
    private static final List<GetTasksRequest> LISTINGS = List.of(
            GetTasksRequest.newBuilder()
                    .setStatus(TaskStatus.TASK_STATUS_RUNNING)
                    .build(),
            GetTasksRequest.newBuilder()
                    .setStatus(TaskStatus.TASK_STATUS_COMPLETED)
                    .build(),
            GetTasksRequest.newBuilder()
                    .setStatus(TaskStatus.TASK_STATUS_PENDING)
                    .setPageSize(PENDING_PAGE)
                    .build());
    private static final Duration LOAD = Duration.ofSeconds(8);
    private static final SessionRequest HEARTBEAT = SessionRequest.newBuilder()
            .setHeartbeat(SessionHeartbeat.getDefaultInstance())
            .build();

    @TempDir
    Path dir;

    LeaderFixture leader;
    PushWorkers pushWorkers;
    final ScheduledExecutorService beats = Executors.newScheduledThreadPool(1);
    final Map<String, RawSession> sessions = new TreeMap<>();
    ManagedChannel readers;

    @BeforeEach
    void start() throws Exception {
        SessionSettings sessionSettings = new SessionSettings(
                SessionSettings.DEFAULT_RECONNECT_GRACE, MISSED_HEARTBEATS, SessionSettings.DEFAULT_MAX_SLOTS);
        leader = LeaderFixture.start(
                dir, c -> c.withHeartbeatTimeout(HEARTBEAT_TIMEOUT).withSessions(sessionSettings));
        pushWorkers = new PushWorkers(leader);
        readers = NettyChannelBuilder.forTarget(leader.schedulerAddress())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        beats.shutdownNow();
        sessions.values().forEach(RawSession::cancel);
        readers.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        pushWorkers.close();
        leader.close();
    }

    @Test
    void manyFilteredListingsOverALargeStateExpireNoWorker() throws Exception {
        scheduleTasks();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.put("session-" + i, session("session-" + i));
        }
        for (int i = 0; i < PUSH_WORKERS; i++) {
            pushWorkers.join("push-" + i).heartbeatEvery(HEARTBEAT_MILLIS);
        }
        int workers = SESSIONS + PUSH_WORKERS;
        await().atMost(Duration.ofSeconds(30)).until(() -> running() == workers); // each holds one task
        Map<String, Member> joined = members();

        long started = System.nanoTime();
        int listed = listConcurrently();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        assertThat(listed).as("listings answered under load").isGreaterThan(LISTINGS_IN_FLIGHT);
        assertThat(expiredSince(joined))
                .as("members expired during %d listings in %d s", listed, seconds)
                .isEmpty();
        assertThat(members()).hasSize(workers);
    }

    /** Sessions the leader ended (it does so on expiry) and push workers no longer alive or joined again since. */
    private List<String> expiredSince(Map<String, Member> joined) {
        List<String> expired = new ArrayList<>();
        sessions.forEach((id, session) -> {
            if (session.ended().isDone()) {
                expired.add(id + " (" + session.ended().join() + ")");
            }
        });
        members().values().stream().filter(m -> m.getTransport().equals("push")).forEach(m -> {
            if (!m.getStatus().startsWith("alive")
                    || !m.getJoinedAt().equals(joined.get(m.getId()).getJoinedAt())) {
                expired.add(m.getId() + " (" + m.getStatus() + ", joined again: "
                        + !m.getJoinedAt().equals(joined.get(m.getId()).getJoinedAt()) + ")");
            }
        });
        return expired;
    }

    private void scheduleTasks() {
        for (int from = 0; from < TASKS; from += BATCH) {
            ScheduleTasksRequest.Builder batch = ScheduleTasksRequest.newBuilder();
            for (int i = from; i < from + BATCH; i++) {
                batch.addTasks(Task.newBuilder().setId("task-" + i).setPayload("p"));
            }
            SchedulerServiceGrpc.newBlockingStub(leader.channel())
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .scheduleTasks(batch.build());
        }
    }

    private RawSession session(String id) {
        RawSession session = new RawSession(leader.channel());
        session.send(SessionRequest.newBuilder()
                .setHello(Hello.newBuilder().setWorkerId(id).setSlots(1).setHeartbeatIntervalMs(HEARTBEAT_MILLIS))
                .build());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> session.received().stream().anyMatch(SessionResponse::hasWelcome));
        beats.scheduleAtFixedRate(() -> session.send(HEARTBEAT), 0, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        return session;
    }

    /**
     * Keeps {@link #LISTINGS_IN_FLIGHT} GetTasks calls going for {@link #LOAD}. Two in three filter by a status almost
     * no task has (RUNNING: one per worker; COMPLETED: none), which without a status index reads every task; the
     * third asks for a page of PENDING tasks, real work however it is indexed.
     */
    private int listConcurrently() throws InterruptedException {
        Semaphore slots = new Semaphore(LISTINGS_IN_FLIGHT);
        AtomicInteger answered = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        SchedulerServiceGrpc.SchedulerServiceFutureStub stub = SchedulerServiceGrpc.newFutureStub(readers);
        long end = System.nanoTime() + LOAD.toNanos();
        for (int i = 0; System.nanoTime() - end < 0; i++) {
            slots.acquire();
            var call = stub.withDeadlineAfter(60, TimeUnit.SECONDS).getTasks(LISTINGS.get(i % LISTINGS.size()));
            Futures.addCallback(
                    call,
                    new FutureCallback<GetTasksResponse>() {
                        @Override
                        public void onSuccess(GetTasksResponse response) {
                            answered.incrementAndGet();
                            slots.release();
                        }

                        @Override
                        public void onFailure(Throwable error) {
                            failures.merge(error.toString(), 1, Integer::sum);
                            slots.release();
                        }
                    },
                    MoreExecutors.directExecutor());
        }
        slots.acquire(LISTINGS_IN_FLIGHT); // every call answered
        assertThat(failures).as("failed listings").isEmpty();
        return answered.get();
    }

    private int running() {
        return leader.scheduler().getTasks(LISTINGS.get(0)).getTasksCount();
    }

    private Map<String, Member> members() {
        return leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                .collect(Collectors.toMap(Member::getId, Function.identity()));
    }
}
