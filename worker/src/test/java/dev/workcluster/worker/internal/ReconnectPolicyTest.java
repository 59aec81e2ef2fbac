package dev.workcluster.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
    private final ReconnectPolicy policy =
            new ReconnectPolicy(List.of("a:1", "b:1"), Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5);

    @Test
    void failuresRotateAddressesAndTheBackoffGrowsOncePerFullRoundUntilAWelcomeResetsIt() {
        assertThat(policy.address()).isEqualTo("a:1");
        assertThat(policy.afterFailure()).as("b:1 is untried: soon").isEqualTo(Duration.ofMillis(50));
        assertThat(policy.address()).isEqualTo("b:1");
        assertThat(policy.afterFailure()).as("a full round failed").isEqualTo(Duration.ofMillis(50));
        assertThat(policy.address()).isEqualTo("a:1");
        assertThat(policy.afterFailure()).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.afterFailure())
                .as("the second round failed: the cap doubled")
                .isEqualTo(Duration.ofMillis(100));
        assertThat(policy.afterFailure()).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.afterFailure()).isEqualTo(Duration.ofMillis(200));

        policy.welcomed();

        assertThat(policy.afterFailure()).isEqualTo(Duration.ofMillis(50));
        assertThat(policy.afterFailure()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void redirectsAreFollowedAtOnceOnlyAFewTimesInARow() {
        for (int hop = 0; hop < ReconnectPolicy.MAX_REDIRECTS_IN_A_ROW; hop++) {
            assertThat(policy.followRedirect("leader:" + (hop + 2))).isTrue();
            assertThat(policy.address()).isEqualTo("leader:" + (hop + 2));
        }
        assertThat(policy.followRedirect("leader:9")).isFalse();

        policy.afterFailure();
        assertThat(policy.followRedirect("leader:9"))
                .as("a backoff resets the hop count")
                .isTrue();
        policy.welcomed();
        for (int hop = 0; hop < ReconnectPolicy.MAX_REDIRECTS_IN_A_ROW; hop++) {
            assertThat(policy.followRedirect("leader:9"))
                    .as("a Welcome resets the hop count")
                    .isTrue();
        }
    }

    @Test
    void anEmptyRedirectIsNotFollowed() {
        assertThat(policy.followRedirect("")).isFalse();
        assertThat(policy.address()).isEqualTo("a:1");
    }

    @Test
    void aFailedRedirectTargetFallsBackToTheConfiguredList() {
        policy.followRedirect("leader:9");
        policy.afterFailure();
        assertThat(policy.address()).isEqualTo("a:1");
    }

    @Test
    void aNodeThatKnowsNoLeaderIsLeftForTheNextOneSoonWhateverTheBackoff() {
        for (int i = 0; i < 10; i++) {
            policy.afterFailure(); // the cap has grown to its maximum, 1 s
        }
        String before = policy.address();

        Duration wait = policy.afterLeaderUnknown();

        assertThat(wait).isLessThanOrEqualTo(ReconnectPolicy.LEADER_UNKNOWN_MAX_DELAY);
        assertThat(policy.address()).isNotEqualTo(before);
    }

    @Test
    void aRedirectToTheAddressThatJustFailedIsNotFollowedUntilAWelcome() {
        policy.afterFailure(); // a:1, the leader, died
        assertThat(policy.address()).isEqualTo("b:1");

        assertThat(policy.followRedirect("a:1"))
                .as("b:1 still names the dead leader")
                .isFalse();
        assertThat(policy.isSuspect("a:1")).isTrue();
        assertThat(policy.followRedirect("c:1"))
                .as("a newly elected leader is followed")
                .isTrue();

        policy.welcomed();
        assertThat(policy.followRedirect("a:1"))
                .as("after a Welcome nothing is suspect")
                .isTrue();
    }
}
