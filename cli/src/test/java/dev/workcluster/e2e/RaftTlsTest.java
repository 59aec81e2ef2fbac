package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.workcluster.leader.LeaderServer;
import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.access.TlsFiles;
import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.leader.raft.RaftSettings;
import dev.workcluster.leader.raft.RaftStatus;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.testkit.DevCertificates;
import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.LeaderNodeMain;
import dev.workcluster.testkit.QuietLogs;
import dev.workcluster.testkit.TemporaryDirectories;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in this JVM with Raft over mutual TLS (--raft-tls) and mTLS on their client ports:
 * they elect and replicate, a follower forwards a caller's write to the leader on the caller's
 * behalf (and refuses it for a role that may not write), and a node whose certificate comes from
 * another CA cannot take part.
 */
class RaftTlsTest {
    private static final DevCertificates PKI = DevCertificates.get();
    private static final Duration ELECTION = Duration.ofSeconds(60);

    private final List<LeaderServer> nodes = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final QuietLogs quiet = QuietLogs.errorsOnly();
    private Path dir;
    private int[] clusterPorts;

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        nodes.forEach(LeaderServer::close);
        TemporaryDirectories.delete(dir);
        quiet.close();
    }

    @Test
    void aGroupWithRaftTlsElectsReplicatesAndForwardsOnTheCallersBehalf() throws Exception {
        TlsFiles node = TlsFiles.of(PKI.leaderCert(), PKI.leaderKey(), PKI.ca());
        start(List.of(node, node, node));
        int leader = awaitLeader(List.of(0, 1, 2));
        int follower = (leader + 1) % 3;

        String id = schedule(follower, PKI.client("admin"));

        await().atMost(ELECTION)
                .until(() -> IntStream.range(0, 3)
                        .allMatch(i -> nodes.get(i).raftStatus().appliedIndex()
                                >= nodes.get(leader).raftStatus().commitIndex()));
        for (int i = 0; i < 3; i++) {
            int n = i;
            await().atMost(ELECTION)
                    .untilAsserted(() -> assertThat(scheduler(n, PKI.client("viewer"))
                                    .getTask(GetTaskRequest.newBuilder()
                                            .setId(id)
                                            .build())
                                    .getTask()
                                    .getId())
                            .isEqualTo(id));
        }
        assertThatThrownBy(() -> schedule(follower, PKI.client("viewer")))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void aNodeWhoseCertificateComesFromAnotherCaCannotJoin() throws Exception {
        TlsFiles trusted = TlsFiles.of(PKI.leaderCert(), PKI.leaderKey(), PKI.ca());
        TlsFiles stranger = TlsFiles.of(
                PKI.untrustedAdmin().certificate(), PKI.untrustedAdmin().key(), PKI.untrustedCa());
        start(List.of(trusted, trusted, stranger));
        int leader = awaitLeader(List.of(0, 1));

        schedule(leader, PKI.client("admin"));
        long committed = nodes.get(leader).raftStatus().commitIndex();

        await().atMost(ELECTION).until(() -> nodes.get(1 - leader).raftStatus().appliedIndex() >= committed);
        RaftStatus outsider = nodes.get(2).raftStatus();
        assertThat(outsider.leaderId())
                .as("the node with the other CA never heard a leader")
                .isEmpty();
        assertThat(outsider.appliedIndex()).isLessThan(committed);
        assertThat(nodes.get(leader).raftStatus().peers())
                .filteredOn(p -> p.id().equals("n3"))
                .allMatch(p -> p.commitIndex() < committed);
    }

    private void start(List<TlsFiles> tls) throws Exception {
        dir = TemporaryDirectories.create("raft-tls");
        clusterPorts = new int[tls.size()];
        List<RaftSettings.Peer> peers = new ArrayList<>();
        for (int i = 0; i < tls.size(); i++) {
            clusterPorts[i] = FreePorts.next();
            peers.add(new RaftSettings.Peer("n" + (i + 1), "127.0.0.1", FreePorts.next()));
        }
        for (int i = 0; i < tls.size(); i++) {
            LeaderConfig config = LeaderNodeMain.config(
                            peers.get(i).id(),
                            dir.resolve(peers.get(i).id()),
                            clusterPorts[i],
                            peers.get(i).port(),
                            peers)
                    .withAccess(new AccessSettings(tls.get(i), List.of(), true));
            nodes.add(LeaderServer.start(config));
        }
    }

    /** The index of the node among {@code candidates} that leads once they all take writes. */
    private int awaitLeader(List<Integer> candidates) throws Exception {
        for (int i : candidates) {
            nodes.get(i).awaitReady(ELECTION);
        }
        return await().atMost(ELECTION)
                .until(
                        () -> candidates.stream()
                                .filter(i -> nodes.get(i).raftStatus().role().equals("LEADER"))
                                .findFirst()
                                .orElse(-1),
                        i -> i >= 0);
    }

    private String schedule(int node, DevCertificates.CertificateFiles client) {
        String id = java.util.UUID.randomUUID().toString();
        return scheduler(node, client)
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("replicated over TLS"))
                        .build())
                .getTask()
                .getId();
    }

    private SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler(
            int node, DevCertificates.CertificateFiles client) {
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + clusterPorts[node], PKI.credentials(client))
                .build();
        channels.add(channel);
        return SchedulerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }
}
