package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers whose streams end right after their Hello, while its Join commits (a worker that
 * stops in the handshake). Their members are joined, but must show as disconnected and get no
 * work: a session registered on a stream that has ended would be given tasks nobody runs, until
 * the member's heartbeat deadline rather than its reconnect grace. (A cancel sent right after the
 * Hello usually takes the Hello with it, in the client, so this test half-closes.)
 */
class SessionEndsBeforeWelcomeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int ENDED = 10;

    @TempDir
    Path dir;

    @Test
    void aStreamThatEndsBeforeItsWelcomeLeavesItsMemberDisconnectedAndGivesItNoWork() throws Exception {
        try (LeaderFixture leader =
                LeaderFixture.start(dir, c -> c.withSessions(new SessionSettings(Duration.ofMinutes(1), 3, 1024)))) {
            List<RawSession> ended = new ArrayList<>();
            for (int i = 0; i < ENDED; i++) {
                RawSession session = new RawSession(leader.channel()).send(hello("gone-" + i, 2));
                session.halfClose(); // the leader reads it as soon as the Hello: long before the Join commits
                ended.add(session);
            }
            ended.forEach(session -> session.ended().join());
            await().atMost(WAIT).until(() -> members(leader).size() == ENDED); // every Join committed

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(members(leader))
                            .allSatisfy(
                                    m -> assertThat(m.getStatus()).as(m.getId()).contains("disconnected")));

            RawSession live = new RawSession(leader.channel()).send(hello("live", ENDED));
            for (int i = 0; i < ENDED; i++) {
                leader.scheduler()
                        .scheduleTask(ScheduleTaskRequest.newBuilder()
                                .setTask(Task.newBuilder().setId("t" + i).setPayload("p"))
                                .build());
            }
            await().atMost(WAIT)
                    .until(() -> live.received().stream()
                                    .filter(SessionResponse::hasStart)
                                    .count()
                            == ENDED);
            live.cancel();
        }
    }

    private static SessionRequest hello(String id, int slots) {
        return SessionRequest.newBuilder()
                .setHello(Hello.newBuilder().setWorkerId(id).setSlots(slots).setHeartbeatIntervalMs(1000))
                .build();
    }

    private static List<Member> members(LeaderFixture leader) {
        return leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                .filter(m -> m.getId().startsWith("gone-"))
                .toList();
    }
}
