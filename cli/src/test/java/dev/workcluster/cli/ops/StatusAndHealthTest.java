package dev.workcluster.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import dev.workcluster.cli.CliRun;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.testkit.FreePorts;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code status} and {@code health} against a real leader, and health against a bare gRPC server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusAndHealthTest {
    @RegisterExtension
    static final OneWorkerCluster cluster = new OneWorkerCluster("cli-status", 1);

    final HealthStatusManager health = new HealthStatusManager();
    Server healthOnly;
    Server bare;

    @BeforeAll
    void start() throws Exception {
        cluster.tasks().schedule("done", "quick");
        cluster.tasks().schedule("busy", "block");
        cluster.tasks().schedule("queued", "quick");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster.tasks().count(TaskStatus.TASK_STATUS_COMPLETED) == 1
                        && cluster.tasks().count(TaskStatus.TASK_STATUS_RUNNING) == 1);
        healthOnly = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService())
                .build()
                .start();
        bare = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .build()
                .start();
    }

    @AfterAll
    void stop() throws Exception {
        healthOnly.shutdownNow();
        bare.shutdownNow();
    }

    @Test
    void statusAsFieldsAndAPeersTable() {
        CliRun run = CliRun.of("status", cluster.leaderFlag());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("FIELD           VALUE\nnode            ")
                .containsPattern("\nrole            leader\nterm            [1-9]\\d*\n")
                .containsPattern(
                        "\nleader          \\S+ at \\S+:" + cluster.address().split(":")[1] + "\n")
                .containsPattern("\ncommit index    [1-9]\\d*\napplied index   [1-9]\\d*\n")
                .contains(
                        "\nmembers         1 alive / 1 total\nopen sessions   1\n",
                        "\ntasks           1 pending, 1 running, 1 completed, 0 error, 0 cancelled\n")
                .containsPattern("\noldest pending  \\d+(ms|s)\n")
                .containsPattern("\n\nPEERS\nID +RAFT ADDRESS +CLIENT ADDRESS +ROLE +TERM +COMMIT +APPLIED +LAG\n"
                        + "\\S+ +\\S+:\\d+ +\\S+:\\d+ +leader +[1-9]\\d* +[1-9]\\d* +[1-9]\\d* +0\n$");
    }

    @Test
    void statusAsJsonIsGetStatusResponse() throws Exception {
        CliRun run = CliRun.of("status", cluster.leaderFlag(), "-o", "json");

        assertThat(run.exit()).isZero();
        GetStatusResponse.Builder parsed = GetStatusResponse.newBuilder();
        JsonFormat.parser().merge(run.out(), parsed);
        assertThat(parsed.getRole()).isEqualTo("LEADER");
        assertThat(parsed.getLeaderId()).isEqualTo(parsed.getNodeId());
        assertThat(parsed.getMembersAlive()).isEqualTo(1);
        assertThat(parsed.getTasks().getPending()).isEqualTo(1);
        assertThat(parsed.getPeersCount()).isEqualTo(1);
        assertThat(run.out()).contains("\"oldest_pending_age_ms\": \"");
    }

    @Test
    void aServingLeaderIsHealthyExit0() throws Exception {
        CliRun table = CliRun.of("health", cluster.leaderFlag());
        assertThat(table.exit()).isZero();
        assertThat(table.out()).isEqualTo("SERVING\n");

        CliRun json = CliRun.of("health", cluster.leaderFlag(), "-o", "json");
        HealthCheckResponse.Builder parsed = HealthCheckResponse.newBuilder();
        JsonFormat.parser().merge(json.out(), parsed);
        assertThat(parsed.getStatus()).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void notServingIsExit1AndServingAgainIsExit0() {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
        CliRun down = CliRun.of("health", "--leader=127.0.0.1:" + healthOnly.getPort());
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.out()).isEqualTo("NOT_SERVING\n");

        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        CliRun up = CliRun.of("health", "--leader=127.0.0.1:" + healthOnly.getPort());
        assertThat(up.exit()).isZero();
        assertThat(up.out()).isEqualTo("SERVING\n");
    }

    @Test
    void aServerWithoutTheHealthServiceIsExit1WithItsCode() {
        CliRun run = CliRun.of("health", "--leader=127.0.0.1:" + bare.getPort());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").endsWith("(UNIMPLEMENTED)\n");
    }

    @Test
    void healthFailsOverToTheFirstReachableAddress() {
        CliRun run = CliRun.of("health", "--leader=127.0.0.1:" + FreePorts.next() + "," + cluster.address());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("SERVING\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "task x",
                "schedule p",
                "add p",
                "schedule --wait p",
                "cancel x y",
                "remove x",
                "status",
                "health"
            })
    void anUnreachableLeaderIsExit2ForEveryCommand(String command) {
        int closed = FreePorts.next();
        String[] words = command.split(" ");
        String[] args = new String[words.length + 2];
        System.arraycopy(words, 0, args, 0, words.length);
        args[words.length] = "--leader=127.0.0.1:" + closed;
        args[words.length + 1] = "--timeout=2s";

        CliRun run = CliRun.of(args);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip())
                .startsWith("error: cannot reach the leader at 127.0.0.1:" + closed + " (")
                .doesNotContain("\tat ");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }
}
