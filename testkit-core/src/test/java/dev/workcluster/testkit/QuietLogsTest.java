package dev.workcluster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class QuietLogsTest {
    private static final Logger LEADER_LOG = LoggerFactory.getLogger("dev.workcluster.leader.Example");
    private static final Logger OTHER_LOG = LoggerFactory.getLogger("com.example.Other");

    @Test
    void errorsOnlyLeavesErrorsAndPutsTheLevelsBack() {
        assertThat(LEADER_LOG.isInfoEnabled()).isTrue();
        try (QuietLogs quiet = QuietLogs.errorsOnly()) {
            assertThat(LEADER_LOG.isWarnEnabled()).isFalse();
            assertThat(LEADER_LOG.isErrorEnabled()).isTrue();
            assertThat(java.util.logging.Logger.getLogger("io.grpc").isLoggable(java.util.logging.Level.WARNING))
                    .isFalse();
        }
        assertThat(LEADER_LOG.isInfoEnabled()).isTrue();
        assertThat(java.util.logging.Logger.getLogger("io.grpc").isLoggable(java.util.logging.Level.WARNING))
                .isTrue();
    }

    @Test
    void silentUnlessVerboseSilencesEveryLoggerOnlyWhenNotVerbose() {
        try (QuietLogs quiet = QuietLogs.silentUnless(false)) {
            assertThat(LEADER_LOG.isErrorEnabled()).isFalse();
            assertThat(OTHER_LOG.isErrorEnabled()).isFalse();
        }
        assertThat(OTHER_LOG.isInfoEnabled()).isTrue();
        try (QuietLogs verbose = QuietLogs.silentUnless(true)) {
            assertThat(LEADER_LOG.isInfoEnabled()).isTrue();
        }
    }
}
