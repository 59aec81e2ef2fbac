package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Flags first, then environment variables (ours, then the seed's), then defaults.
 * Environment variables can only be set for a new process, so each case runs
 * {@code workcluster leader --print-config} in its own JVM ({@link CliProcess}).
 */
class LeaderConfigResolutionTest {

    static List<String> printConfig(Map<String, String> env, String... flags) throws Exception {
        return CliProcess.printConfig("leader", env, flags);
    }

    @Test
    void defaultsMatchTheSeed() throws Exception {
        assertThat(printConfig(Map.of()))
                .contains(
                        "port=50051",
                        "rpc_port=50052",
                        "raft_port=50053",
                        "heartbeat_timeout=30s",
                        "max_payload_bytes=1048576",
                        "max_attempts=3",
                        "retain_finished_age=24h",
                        "max_unfinished_payload_bytes=536870912",
                        "max_members=10000",
                        "max_watches=256",
                        "session_send_buffer=67108864",
                        "session_max_proposals=256");
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "default_task_timeout|WORKCLUSTER_DEFAULT_TASK_TIMEOUT|10m|--default-task-timeout|90s|",
                "max_result_bytes|WORKCLUSTER_MAX_RESULT_BYTES|4096|--max-result-bytes|2048|65536",
            })
    void theFlagWinsOverTheEnvironmentWhichWinsOverTheDefault(
            String key, String variable, String fromEnv, String flag, String fromFlag, String fallback)
            throws Exception {
        assertThat(printConfig(Map.of())).contains(key + "=" + (fallback == null ? "" : fallback));
        Map<String, String> env = Map.of(variable, fromEnv);
        assertThat(printConfig(env)).contains(key + "=" + fromEnv);
        assertThat(printConfig(env, flag, fromFlag)).contains(key + "=" + fromFlag);
    }

    @Test
    void logFormatComesFromTheFlagThenTheEnvironment() throws Exception {
        assertThat(printConfig(Map.of())).contains("log_format=text");
        assertThat(printConfig(Map.of("WORKCLUSTER_LOG_FORMAT", "json"))).contains("log_format=json");
        assertThat(printConfig(Map.of("WORKCLUSTER_LOG_FORMAT", "json"), "--log-format", "text"))
                .contains("log_format=text");
    }

    @Test
    void memoryBoundsComeFromFlagsOrTheEnvironment() throws Exception {
        Map<String, String> env = Map.of(
                "WORKCLUSTER_MAX_UNFINISHED_PAYLOAD_BYTES",
                "5000000",
                "WORKCLUSTER_MAX_MEMBERS",
                "20",
                "WORKCLUSTER_MAX_WATCHES",
                "4",
                "WORKCLUSTER_SESSION_SEND_BUFFER",
                "1000000",
                "WORKCLUSTER_SESSION_MAX_PROPOSALS",
                "8");
        assertThat(printConfig(env))
                .contains(
                        "max_unfinished_payload_bytes=5000000",
                        "max_members=20",
                        "max_watches=4",
                        "session_send_buffer=1000000",
                        "session_max_proposals=8");
        assertThat(printConfig(
                        env,
                        "--max-unfinished-payload-bytes",
                        "7000000",
                        "--max-members",
                        "30",
                        "--max-watches",
                        "5",
                        "--session-send-buffer",
                        "2000000",
                        "--session-max-proposals",
                        "9"))
                .contains(
                        "max_unfinished_payload_bytes=7000000",
                        "max_members=30",
                        "max_watches=5",
                        "session_send_buffer=2000000",
                        "session_max_proposals=9");
    }

    @Test
    void seedEnvironmentVariablesAreHonouredAndABareNumberIsSeconds() throws Exception {
        assertThat(printConfig(Map.of("LEADER_PORT", "6001", "RPC_PORT", "6002", "HEARTBEAT_TIMEOUT", "7")))
                .contains("port=6001", "rpc_port=6002", "heartbeat_timeout=7s");
    }

    @Test
    void ourEnvironmentVariablesWinOverTheSeedsAndFlagsWinOverBoth() throws Exception {
        Map<String, String> env = Map.of(
                "LEADER_PORT",
                "6001",
                "WORKCLUSTER_PORT",
                "7001",
                "WORKCLUSTER_HEARTBEAT_TIMEOUT",
                "2m",
                "WORKCLUSTER_DATA_DIR",
                "/tmp/from-env");
        assertThat(printConfig(env)).contains("port=7001", "heartbeat_timeout=2m", "data_dir=/tmp/from-env");
        assertThat(printConfig(env, "--port", "8001", "--heartbeat-timeout", "500ms", "--data-dir", "/tmp/from-flag"))
                .contains("port=8001", "heartbeat_timeout=500ms", "data_dir=/tmp/from-flag");
    }
}
