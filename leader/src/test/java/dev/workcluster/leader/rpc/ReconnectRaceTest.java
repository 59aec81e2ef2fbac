package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose stream broke comes back just before, at, or just after the end of its
 * reconnect grace, when the leader is deciding to expire it. Whichever way the race
 * goes, a worker that was welcomed must be alive and must get work.
 */
class ReconnectRaceTest {
    private static final Duration GRACE = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int HEARTBEAT_MILLIS = 100;
    /**
     * The leader decides an expiry only once it has read everything that arrived before the
     * deadline (ServerEventLoops probes every 50 ms), so the race lasts until well after it.
     */
    private static final int SWEEP_END_MILLIS = 160;

    @TempDir
    Path dir;

    @Test
    void aWelcomedWorkerIsAliveAndGetsWorkWhereverItsHelloLandsAroundTheGraceEnd() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        List<String> failures = new ArrayList<>();
        try (LeaderFixture leader =
                LeaderFixture.start(dir, c -> c.withSessions(new SessionSettings(GRACE, 3, 1024)))) {
            RawSession session = welcomed(leader);
            for (int offsetMillis = -20, round = 0; offsetMillis <= SWEEP_END_MILLIS; offsetMillis += 4, round++) {
                session.cancel();
                long helloAt = GRACE.toMillis() + offsetMillis;
                ScheduledFuture<RawSession> next = timer.schedule(() -> hello(leader), helloAt, TimeUnit.MILLISECONDS);
                RawSession reconnected = next.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                await().atMost(WAIT)
                        .until(() -> !reconnected.received().isEmpty()
                                || reconnected.ended().isDone());
                if (!reconnected.received().isEmpty()
                        && reconnected.received().get(0).hasWelcome()) {
                    String problem = workGetsThrough(leader, reconnected, timer, "t" + round);
                    if (problem != null) {
                        failures.add(
                                "hello at grace " + (offsetMillis >= 0 ? "+" : "") + offsetMillis + " ms: " + problem);
                    }
                    session = reconnected;
                } else {
                    session = welcomed(leader); // refused (it may have raced its own expiry): start over
                }
            }
            session.cancel();
        } finally {
            timer.shutdownNow();
        }
        assertThat(failures).isEmpty();
    }

    /** Heartbeats the session while it schedules a task; null when the task reached it and the member is alive. */
    private static String workGetsThrough(
            LeaderFixture leader, RawSession session, ScheduledExecutorService timer, String taskId) {
        ScheduledFuture<?> beats = timer.scheduleAtFixedRate(
                () -> session.send(SessionRequest.newBuilder()
                        .setHeartbeat(SessionHeartbeat.getDefaultInstance())
                        .build()),
                0,
                HEARTBEAT_MILLIS,
                TimeUnit.MILLISECONDS);
        try {
            leader.scheduler()
                    .scheduleTask(ScheduleTaskRequest.newBuilder()
                            .setTask(Task.newBuilder().setId(taskId).setPayload("p"))
                            .build());
            try {
                await().atMost(WAIT)
                        .until(() -> session.ended().isDone()
                                || session.received().stream()
                                        .anyMatch(m -> m.hasStart()
                                                && m.getStart().getTaskId().equals(taskId)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                return "task never started; member is " + member(leader).getStatus();
            }
            if (session.ended().isDone()) {
                return "session ended: " + session.ended().join();
            }
            StartTask start = session.received().stream()
                    .filter(m -> m.hasStart() && m.getStart().getTaskId().equals(taskId))
                    .findFirst()
                    .orElseThrow()
                    .getStart();
            session.send(SessionRequest.newBuilder()
                    .setOutcome(TaskOutcome.newBuilder()
                            .setTaskId(taskId)
                            .setAttempt(start.getAttempt())
                            .setAssignment(start.getAssignment())
                            .setResult("ok"))
                    .build());
            Member member = member(leader);
            return member.getState() == MemberState.MEMBER_STATE_ALIVE ? null : "member is " + member.getStatus();
        } finally {
            beats.cancel(false);
        }
    }

    private static RawSession welcomed(LeaderFixture leader) {
        RawSession session = hello(leader);
        await().atMost(WAIT).until(() -> session.received().stream().anyMatch(SessionResponse::hasWelcome));
        return session;
    }

    private static RawSession hello(LeaderFixture leader) {
        return new RawSession(leader.channel())
                .send(SessionRequest.newBuilder()
                        .setHello(Hello.newBuilder()
                                .setWorkerId("w1")
                                .setSlots(1)
                                .setHeartbeatIntervalMs(HEARTBEAT_MILLIS))
                        .build());
    }

    private static Member member(LeaderFixture leader) {
        return leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                .filter(m -> m.getId().equals("w1"))
                .findFirst()
                .orElseThrow();
    }
}
