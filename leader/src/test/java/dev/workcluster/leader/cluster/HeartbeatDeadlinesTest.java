package dev.workcluster.leader.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deadlines on a manual clock: every expiry happens at an exact instant the test can name. */
class HeartbeatDeadlinesTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration BEAT = Duration.ofMillis(50);
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    final ManualScheduler time = new ManualScheduler();
    /** member id → clock reading of each expiry callback. */
    final Map<String, List<Long>> expiries = new HashMap<>();
    /** How far the node has read its input; null: in step with the clock. */
    Long readUpTo;

    final HeartbeatDeadlines deadlines = new HeartbeatDeadlines(
            TIMEOUT,
            time,
            id -> expiries.computeIfAbsent(id, k -> new ArrayList<>()).add(time.nanoTime()),
            time::nanoTime,
            time::wallMillis,
            () -> readUpTo == null ? time.nanoTime() : readUpTo);

    @Test
    void aMemberThatKeepsHeartbeatingNeverExpiresAndExpiresOnceAfterItStops() {
        long lastBeat = 0;
        for (int i = 0; i < 4 * TIMEOUT.dividedBy(BEAT); i++) {
            lastBeat = time.nanoTime();
            deadlines.heartbeat("w1");
            time.advance(BEAT);
        }
        assertThat(expiries)
                .as("old timers never expire a member that heartbeats")
                .isEmpty();
        assertThat(deadlines.lastHeartbeatMillis("w1")).hasValue(time.wallMillis() - BEAT.toMillis());

        time.advance(
                Duration.ofNanos(lastBeat + TIMEOUT.toNanos() - time.nanoTime()).minus(ONE_NANO));
        assertThat(expiries).as("not a nanosecond before the timeout").isEmpty();
        time.advance(ONE_NANO);
        assertThat(expiries.get("w1")).containsExactly(lastBeat + TIMEOUT.toNanos());

        time.advance(TIMEOUT.multipliedBy(10));
        assertThat(expiries.get("w1")).as("expired exactly once").hasSize(1);
        assertThat(deadlines.lastHeartbeatMillis("w1")).isEmpty();
    }

    @Test
    void expiryIsMeasuredFromTheLastHeartbeatNotTheFirst() {
        deadlines.heartbeat("w1");
        time.advance(TIMEOUT.dividedBy(2));
        long second = time.nanoTime();
        deadlines.heartbeat("w1");

        time.advance(TIMEOUT.dividedBy(2)); // the first heartbeat's deadline: the timer re-arms instead
        assertThat(expiries).isEmpty();
        time.advance(TIMEOUT);

        assertThat(expiries.get("w1")).containsExactly(second + TIMEOUT.toNanos());
    }

    @Test
    void aShorterTimeoutMovesTheArmedDeadlineSooner() {
        deadlines.heartbeat("w1", TIMEOUT.multipliedBy(10)); // a session's first, long deadline
        time.advance(BEAT);
        long plain = time.nanoTime();
        deadlines.heartbeat("w1", TIMEOUT); // its first heartbeat restores the plain timeout

        time.advance(TIMEOUT);

        assertThat(expiries.get("w1")).containsExactly(plain + TIMEOUT.toNanos());
        time.advance(TIMEOUT.multipliedBy(20));
        assertThat(expiries.get("w1")).as("the long deadline's timer is gone").hasSize(1);
    }

    @Test
    void aMemberIsNotExpiredForSilenceTheNodeHasNotReadYet() {
        readUpTo = time.nanoTime(); // the node stops reading: a stall, a GC pause, a starved event loop
        deadlines.heartbeat("w1");

        time.advance(TIMEOUT.multipliedBy(3));
        assertThat(expiries).isEmpty();

        long caughtUp = time.nanoTime();
        readUpTo = caughtUp; // it catches up and has still heard nothing from w1
        time.advance(TIMEOUT);

        assertThat(expiries.get("w1")).hasSize(1);
        assertThat(expiries.get("w1").get(0)).isBetween(caughtUp, caughtUp + TIMEOUT.toNanos());
    }

    @Test
    void aHeartbeatReadLateStillSavesTheMember() {
        readUpTo = time.nanoTime();
        deadlines.heartbeat("w1");
        time.advance(TIMEOUT.multipliedBy(2)); // a full timeout past its deadline, all of it unread

        long late = time.nanoTime();
        deadlines.heartbeat("w1"); // the node finally reads the heartbeat that waited in its socket
        readUpTo = null;
        assertThat(expiries).as("not expired at its first deadline").isEmpty();

        time.advance(TIMEOUT.minus(ONE_NANO));
        assertThat(expiries)
                .as("not before a full timeout after the late heartbeat")
                .isEmpty();
        time.advance(ONE_NANO);
        assertThat(expiries.get("w1")).containsExactly(late + TIMEOUT.toNanos());
    }

    @Test
    void aForgottenMemberNeverExpires() {
        deadlines.heartbeat("w1");
        deadlines.forget("w1");

        time.advance(TIMEOUT.multipliedBy(3));

        assertThat(expiries).isEmpty();
        assertThat(deadlines.lastHeartbeatMillis("w1")).isEmpty();
    }

    @Test
    void aRetryArmsAnotherExpiryWithoutCountingAsASignOfLife() {
        deadlines.heartbeat("w1");
        time.advance(TIMEOUT);
        long first = time.nanoTime();
        assertThat(expiries.get("w1")).containsExactly(first);

        Duration retry = Duration.ofSeconds(1);
        deadlines.retry("w1", retry); // the expiry did not commit

        assertThat(deadlines.lastHeartbeatMillis("w1")).isEmpty();
        time.advance(retry.minus(ONE_NANO));
        assertThat(expiries.get("w1")).hasSize(1);
        time.advance(ONE_NANO);
        assertThat(expiries.get("w1")).containsExactly(first, first + retry.toNanos());
    }

    @Test
    void graceGivesKnownMembersAFullTimeoutThenExpiresTheSilentOnes() {
        long start = time.nanoTime();
        deadlines.grace(List.of("quiet", "talkative"), TIMEOUT);
        assertThat(deadlines.lastHeartbeatMillis("quiet"))
                .as("grace is no sign of life")
                .isEmpty();

        for (int i = 0; i < 3 * TIMEOUT.dividedBy(BEAT); i++) {
            time.advance(BEAT);
            deadlines.heartbeat("talkative");
        }

        assertThat(expiries).containsOnlyKeys("quiet");
        assertThat(expiries.get("quiet")).containsExactly(start + TIMEOUT.toNanos());
    }
}
