package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.testkit.FirstMessage;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 5: a worker whose leader just died dials another node at once. That node
 * still names the dead leader until its election timeout runs out, and it used to answer at
 * once: a redirect back to the dead address, or to none, after which the worker could only
 * guess when to try again (and often overslept the election). Now a node that knows no live
 * leader holds the Hello until the election has an outcome, and answers with the new leader.
 */
class HelloDuringElectionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aHelloThatNamesTheDeadLeaderIsAnsweredWithTheNewLeader() throws Exception {
        try (RaftCluster cluster = new RaftCluster(dir, 3).startAll()) {
            int dead = cluster.leaderIndex(WAIT);
            int dialled = (dead + 1) % 3;
            String deadAddress = cluster.addresses().get(dead);
            cluster.kill(dead);

            ManagedChannel channel = NettyChannelBuilder.forTarget(
                            cluster.addresses().get(dialled))
                    .usePlaintext()
                    .build();
            try {
                SessionResponse first = firstAnswer(
                        channel,
                        Hello.newBuilder()
                                .setWorkerId("w1")
                                .setSlots(1)
                                .setHeartbeatIntervalMs(1_000)
                                .setInstanceId("i1")
                                .setUnreachableLeader(deadAddress)
                                .build());
                // Leadership may move again after the answer (two survivors can take turns on a
                // busy machine), so the answer is judged by what it could rightly be when sent:
                // a welcome from the dialled node, or a redirect to the other survivor.
                String otherSurvivor = cluster.addresses().get(3 - dead - dialled);
                if (first.getKindCase() == SessionResponse.KindCase.REDIRECT) {
                    assertThat(first.getRedirect().getLeaderAddress())
                            .as("redirect from a survivor (the dead leader was " + deadAddress + ")")
                            .isEqualTo(otherSurvivor);
                } else {
                    assertThat(first.getKindCase()).as("answer: " + first).isEqualTo(SessionResponse.KindCase.WELCOME);
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Opens a session with {@code hello} and returns the node's first message. */
    private static SessionResponse firstAnswer(ManagedChannel channel, Hello hello) throws Exception {
        FirstMessage<SessionResponse> first = new FirstMessage<>("stream ended without an answer");
        StreamObserver<SessionRequest> requests =
                LeaderServiceGrpc.newStub(channel).session(first);
        requests.onNext(SessionRequest.newBuilder().setHello(hello).build());
        try {
            return first.future().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            requests.onCompleted();
        }
    }
}
