package dev.workcluster.leader.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.state.StateLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderConfigTest {

    @Test
    void settingsOtherThanTheDefaultsSurviveEveryOtherWither() {
        AccessSettings behindProxy = new AccessSettings(null, List.of("127.0.0.1"), false);
        LeaderConfig set =
                LeaderConfig.defaults(Path.of("data")).withMaxWatches(7).withAccess(behindProxy);

        List<LeaderConfig> changed = List.of(
                set.withPorts(50061, 50062, 50063),
                set.withHeartbeatTimeout(Duration.ofSeconds(9)),
                set.withSnapshotEvery(99),
                set.withProposalTimeout(Duration.ofSeconds(2)),
                set.withLimits(StateLimits.defaults()),
                set.withWorkerCallTimeout(Duration.ofSeconds(3)),
                set.withSessions(SessionSettings.defaults()));

        assertThat(changed).extracting(LeaderConfig::maxWatches).containsOnly(7);
        assertThat(changed).extracting(LeaderConfig::access).containsOnly(behindProxy);
        assertThat(set.withProposalTimeout(Duration.ofSeconds(2)).raft().proposalTimeout())
                .isEqualTo(Duration.ofSeconds(2));
    }
}
