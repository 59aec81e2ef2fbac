package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code workcluster worker}: flags first, then environment variables (ours, then the seed's),
 * then defaults. Each case runs {@code workcluster worker --print-config} in its own JVM.
 */
class WorkerConfigResolutionTest {

    static List<String> printConfig(Map<String, String> env, String... flags) throws Exception {
        return CliProcess.printConfig("worker", env, flags);
    }

    @Test
    void defaultsMatchTheSeedAndTheLibrary() throws Exception {
        List<String> config = printConfig(Map.of());
        assertThat(config)
                .contains(
                        "leader=localhost:50051",
                        "transport=stream",
                        "port=40041",
                        "advertise=localhost:40041",
                        "heartbeat_interval=1s",
                        "shutdown_grace=30s",
                        "labels=",
                        "queues=",
                        "handler=sleep",
                        "allow_exec=false",
                        "slots=" + Runtime.getRuntime().availableProcessors());
        // The library's default id, host-pid, with the child's pid.
        assertThat(config).anySatisfy(line -> assertThat(line).matches("id=.+-\\d+"));
    }

    @Test
    void seedEnvironmentVariablesAreHonouredAndABareLocalAddrGetsThePort() throws Exception {
        Map<String, String> env = Map.of(
                "LEADER_ADDR",
                "leader-a:7001",
                "WORKER_NAME",
                "seed-worker",
                "WORKER_PORT",
                "7002",
                "LOCAL_ADDR",
                "worker-host");
        assertThat(printConfig(env))
                .contains("leader=leader-a:7001", "id=seed-worker", "port=7002", "advertise=worker-host:7002");
    }

    @Test
    void aLocalAddrWithAPortIsKept() throws Exception {
        assertThat(printConfig(Map.of("LOCAL_ADDR", "10.0.0.5:9000", "WORKER_PORT", "7002")))
                .contains("advertise=10.0.0.5:9000", "port=7002");
    }

    @Test
    void schedulerAddrServesAsTheLeaderOnlyWhenLeaderAddrIsUnset() throws Exception {
        assertThat(printConfig(Map.of("SCHEDULER_ADDR", "sched:7003"))).contains("leader=sched:7003");
        assertThat(printConfig(Map.of("SCHEDULER_ADDR", "sched:7003", "LEADER_ADDR", "leader-a:7001")))
                .contains("leader=leader-a:7001");
    }

    @Test
    void ourEnvironmentVariablesWinOverTheSeedsAndFlagsWinOverBoth() throws Exception {
        Map<String, String> env = Map.ofEntries(
                Map.entry("LEADER_ADDR", "leader-a:7001"), Map.entry("WORKCLUSTER_LEADER", "l1:8001,l2:8001"),
                Map.entry("WORKER_NAME", "seed-worker"), Map.entry("WORKCLUSTER_WORKER_ID", "our-worker"),
                Map.entry("WORKER_PORT", "7002"), Map.entry("WORKCLUSTER_WORKER_PORT", "8002"),
                Map.entry("LOCAL_ADDR", "seed-host"), Map.entry("WORKCLUSTER_ADVERTISE", "our-host"),
                Map.entry("WORKCLUSTER_SLOTS", "3"), Map.entry("WORKCLUSTER_TRANSPORT", "push"),
                Map.entry("WORKCLUSTER_HEARTBEAT_INTERVAL", "500ms"), Map.entry("WORKCLUSTER_SHUTDOWN_GRACE", "2m"));
        assertThat(printConfig(env))
                .contains(
                        "leader=l1:8001,l2:8001",
                        "id=our-worker",
                        "port=8002",
                        "advertise=our-host:8002",
                        "slots=3",
                        "transport=push",
                        "heartbeat_interval=500ms",
                        "shutdown_grace=2m");
        assertThat(printConfig(
                        env,
                        "--leader",
                        "flag:9001",
                        "--id",
                        "flag-worker",
                        "--port",
                        "9002",
                        "--advertise",
                        "flag-host:9999",
                        "--slots",
                        "5",
                        "--transport",
                        "stream",
                        "--heartbeat-interval",
                        "2s",
                        "--shutdown-grace",
                        "10s",
                        "--handler",
                        "echo",
                        "--label",
                        "zone=b",
                        "--label",
                        "arch=arm64"))
                .contains(
                        "leader=flag:9001",
                        "id=flag-worker",
                        "port=9002",
                        "advertise=flag-host:9999",
                        "slots=5",
                        "transport=stream",
                        "heartbeat_interval=2s",
                        "shutdown_grace=10s",
                        "handler=echo",
                        "labels=arch=arm64,zone=b");
    }

    @Test
    void queuesComeFromRepeatedOrCommaSeparatedFlagsOrElseTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("WORKCLUSTER_QUEUES", "emails,reports");
        assertThat(printConfig(env)).contains("queues=emails,reports");
        assertThat(printConfig(env, "--queue", "q1", "--queue", "q2,q3")).contains("queues=q1,q2,q3");
        assertThat(printConfig(Map.of("WORKCLUSTER_QUEUES", "")))
                .as("empty: not set")
                .contains("queues=");
        assertThat(printConfig(Map.of("WORKCLUSTER_QUEUES", " emails, reports,")))
                .as("spaces around names and a trailing comma, as environment lists are written")
                .contains("queues=emails,reports");
    }

    @Test
    void execIsAcceptedWithAllowExecAndAHandlerClassReplacesTheBuiltIn() throws Exception {
        assertThat(printConfig(Map.of(), "--handler", "exec", "--allow-exec"))
                .contains("handler=exec", "allow_exec=true");
        assertThat(printConfig(
                        Map.of("WORKCLUSTER_HANDLER", "echo"),
                        "--handler-class",
                        "dev.workcluster.cli.handlers.EchoHandler"))
                .contains("handler=dev.workcluster.cli.handlers.EchoHandler");
    }
}
