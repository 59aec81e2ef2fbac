package dev.workcluster.leader.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** When the leader writes its no-op entry: only for a follower that stays behind an idle group. */
class StalledFollowersTest {
    private final AtomicReference<RaftStatus> status = new AtomicReference<>();
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final AtomicInteger nudges = new AtomicInteger();
    private final StalledFollowers stalled = new StalledFollowers(status::get, ready::get, nudges::incrementAndGet);

    @Test
    void aFollowerBehindAnIdleGroupForOneWholeCheckIsNudged() {
        check(100, 40);
        assertThat(nudges).hasValue(0);
        check(100, 40);
        assertThat(nudges).hasValue(1);
        check(100, 40);
        assertThat(nudges).hasValue(2);
    }

    @Test
    void aFollowerThatMovesIsLeftAlone() {
        check(100, 40);
        check(100, 60);
        check(100, 80);
        assertThat(nudges).hasValue(0);
    }

    @Test
    void whileTheGroupWritesNoOneIsNudged() {
        check(100, 40);
        check(110, 40);
        check(120, 40);
        assertThat(nudges).hasValue(0);
    }

    @Test
    void followersThatCaughtUpAreLeftAlone() {
        check(100, 100);
        check(100, 100);
        assertThat(nudges).hasValue(0);
    }

    @Test
    void aNodeThatIsNotTheReadyLeaderNudgesNoOneAndStartsOverWhenItIs() {
        ready.set(false);
        check(100, 40);
        check(100, 40);
        assertThat(nudges).hasValue(0);
        ready.set(true);
        check(100, 40);
        assertThat(nudges).hasValue(0);
        check(100, 40);
        assertThat(nudges).hasValue(1);
    }

    /** One check: n3 keeps up with the leader, n2 is at {@code n2Commit}. */
    private void check(long leaderCommit, long n2Commit) {
        status.set(new RaftStatus(
                "n1",
                "LEADER",
                true,
                3,
                "n1",
                leaderCommit,
                leaderCommit,
                List.of(
                        new RaftStatus.Peer("n1", "a1", true, leaderCommit),
                        new RaftStatus.Peer("n2", "a2", false, n2Commit),
                        new RaftStatus.Peer("n3", "a3", false, leaderCommit))));
        stalled.check();
    }
}
