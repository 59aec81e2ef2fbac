package dev.workcluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import dev.workcluster.testkit.FreePorts;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link WorkClient#call}, the hook for calls the client has no method of its own for, and {@link WorkClient#channel},
 * against a real leader: the answer, a refusal with its status, failover past a node that is down, and the
 * patience bounding the whole call when a node takes connections and never answers.
 */
class WorkClientCallTest {
    @RegisterExtension
    static final LeaderWithClient fixture = new LeaderWithClient("client-call");

    private static GetStatusResponse status(WorkClient client) {
        return client.call(
                "read the node's status",
                channel -> LeaderServiceGrpc.newBlockingStub(channel).getStatus(GetStatusRequest.getDefaultInstance()));
    }

    @Test
    void answersACallTheClientHasNoMethodFor() {
        GetStatusResponse status = status(fixture.client());

        assertThat(status.getRole()).isEqualTo("LEADER");
        assertThat(status.getLeaderAddress()).isEqualTo(fixture.cluster().address());
    }

    @Test
    void aRefusalArrivesWithTheNodesStatus() {
        assertThatThrownBy(() -> fixture.client()
                        .call(
                                "list members",
                                channel -> LeaderServiceGrpc.newBlockingStub(channel)
                                        .members(MembersRequest.newBuilder()
                                                .setPageSize(-1)
                                                .build())))
                .isExactlyInstanceOf(WorkClientException.class)
                .hasMessageStartingWith("list members: INVALID_ARGUMENT page_size -1")
                .cause()
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void aNodeThatIsDownIsPassedOver() {
        ClientOptions options = new ClientOptions(
                List.of("127.0.0.1:" + FreePorts.next(), fixture.cluster().address()),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                null);
        try (WorkClient failingOver = WorkClient.connect(options)) {
            assertThat(status(failingOver).getRole()).isEqualTo("LEADER");
        }
    }

    /** A try begun late gets only what is left of the patience: the call ends with it, not a call timeout later. */
    @Test
    void thePatienceBoundsTheWholeCallWhenANodeNeverAnswers() throws Exception {
        try (Silent silent = new Silent()) {
            ClientOptions options =
                    new ClientOptions(List.of(silent.address()), Duration.ofSeconds(30), Duration.ofMillis(1500), null);
            long start = System.nanoTime();
            try (WorkClient waiting = WorkClient.connect(options)) {
                assertThatThrownBy(() -> status(waiting))
                        .isInstanceOf(ClusterUnavailableException.class)
                        .hasMessageStartingWith("read the node's status: no node answered within PT1.5S")
                        .hasMessageContaining("DEADLINE_EXCEEDED");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theChannelOfANodeCarriesAStream() throws Exception {
        WatchTasksRequest request =
                WatchTasksRequest.newBuilder().setIncludeExisting(true).build();
        try (Context.CancellableContext watch = Context.current().withCancellation()) {
            WatchTasksResponse first = watch.call(() -> SchedulerServiceGrpc.newBlockingStub(
                            fixture.client().channel(fixture.cluster().address()))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .watchTasks(request)
                    .next());
            assertThat(first.hasSnapshotComplete()).isTrue(); // no task, no member yet
        }
        assertThatThrownBy(() -> fixture.client().channel("127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'127.0.0.1:1' is not one of this client's nodes");
    }

    /** A loopback port that takes connections and never says a word: a node frozen, or a black hole. */
    private static final class Silent implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::accept, "silent-node");

        Silent() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    accepted.add(socket.accept());
                }
            } catch (IOException closed) {
                // close() ended it
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            socket.close();
            acceptor.join(5_000);
            for (Socket connection : accepted) {
                connection.close();
            }
        }
    }
}
