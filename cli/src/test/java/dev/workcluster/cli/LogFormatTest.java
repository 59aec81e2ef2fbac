package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/**
 * Where {@code --log-format} may stand: after any command, or before the verb. Parsing only, in this JVM;
 * the environment variable and what the processes write are {@link LeaderConfigResolutionTest}'s and
 * {@link TaskLogsProcessTest}'s.
 */
class LogFormatTest {
    private static LogFormat chosen(String... args) {
        ParseResult parsed = Main.newCommandLine().parseArgs(args);
        return LogFormat.chosen(parsed);
    }

    @Test
    void theFlagIsTakenAfterTheVerbOrBeforeIt() {
        assertThat(chosen("leader", "--log-format", "json")).isEqualTo(LogFormat.JSON);
        assertThat(chosen("--log-format", "json", "worker")).isEqualTo(LogFormat.JSON);
        assertThat(chosen("status", "--log-format=JSON")).isEqualTo(LogFormat.JSON);
        assertThat(chosen("--log-format", "json", "leader", "--log-format", "text"))
                .as("the last one wins")
                .isEqualTo(LogFormat.TEXT);
    }

    @Test
    void theValueIsLogbacksAppenderName() {
        assertThat(LogFormat.TEXT.value()).isEqualTo("text");
        assertThat(LogFormat.JSON.value()).isEqualTo("json");
    }
}
