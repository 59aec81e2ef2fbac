package dev.workcluster.leader.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeartbeatDeadlinesTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    /** member id → nanoTime of each expiry callback. */
    final Map<String, List<Long>> expiries = new ConcurrentHashMap<>();
    /** How far the node has read its input; {@link Long#MIN_VALUE}: in step with the clock. */
    final AtomicLong readUpTo = new AtomicLong(Long.MIN_VALUE);
    final HeartbeatDeadlines deadlines = new HeartbeatDeadlines(TIMEOUT, timers,
            id -> expiries.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(System.nanoTime()),
            System::nanoTime, System::currentTimeMillis,
            () -> readUpTo.get() == Long.MIN_VALUE ? System.nanoTime() : readUpTo.get());

    @AfterEach
    void stop() {
        beats.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void aMemberThatKeepsHeartbeatingNeverExpiresAndExpiresOnceAfterItStops() {
        beats.scheduleAtFixedRate(() -> deadlines.heartbeat("w1"), 0, 50, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - start > 4 * TIMEOUT.toNanos());
        assertThat(expiries).as("old timers never expire a member that heartbeats").isEmpty();

        beats.shutdownNow();
        long stoppedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> expiries.containsKey("w1"));
        assertThat(expiries.get("w1").get(0) - stoppedAt).as("not before the timeout").isGreaterThanOrEqualTo(
                TIMEOUT.toNanos() - TimeUnit.MILLISECONDS.toNanos(60));
        await().during(Duration.ofMillis(3 * TIMEOUT.toMillis())).atMost(Duration.ofSeconds(5))
                .until(() -> expiries.get("w1").size() == 1);
        assertThat(deadlines.lastHeartbeatMillis("w1")).isEmpty();
    }

    @Test
    void expiryIsMeasuredFromTheLastHeartbeatNotTheFirst() {
        long first = System.nanoTime();
        deadlines.heartbeat("w1");
        // A second heartbeat just before the first deadline moves the deadline.
        // Polled finely: awaitility's default 100 ms steps would land this heartbeat on the deadline itself.
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(5))
                .until(() -> System.nanoTime() - first > TIMEOUT.toNanos() / 2);
        long second = System.nanoTime();
        deadlines.heartbeat("w1");

        await().atMost(Duration.ofSeconds(5)).until(() -> expiries.containsKey("w1"));
        assertThat(expiries.get("w1").get(0) - second).isGreaterThanOrEqualTo(TIMEOUT.toNanos());
    }

    @Test
    void aMemberIsNotExpiredForSilenceTheNodeHasNotReadYet() {
        long lastRead = System.nanoTime();
        readUpTo.set(lastRead); // the node stops reading: a stall, a GC pause, a starved event loop
        deadlines.heartbeat("w1");

        await().during(Duration.ofMillis(3 * TIMEOUT.toMillis())).atMost(Duration.ofSeconds(5))
                .until(expiries::isEmpty);

        long caughtUp = System.nanoTime();
        readUpTo.set(caughtUp); // it catches up and has still heard nothing from w1
        await().atMost(Duration.ofSeconds(5)).until(() -> expiries.containsKey("w1"));
        assertThat(expiries.get("w1").get(0)).isGreaterThanOrEqualTo(caughtUp);
        assertThat(expiries.get("w1")).hasSize(1);
    }

    @Test
    void aHeartbeatReadLateStillSavesTheMember() {
        readUpTo.set(System.nanoTime());
        deadlines.heartbeat("w1");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - deadline > TIMEOUT.toNanos());

        long late = System.nanoTime();
        deadlines.heartbeat("w1"); // the node finally reads the heartbeat that waited in its socket
        readUpTo.set(Long.MIN_VALUE);
        assertThat(expiries).as("not expired at its first deadline").isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> expiries.containsKey("w1"));
        assertThat(expiries.get("w1").get(0) - late).as("a full timeout after the late heartbeat")
                .isGreaterThanOrEqualTo(TIMEOUT.toNanos());
    }

    @Test
    void aForgottenMemberNeverExpires() {
        deadlines.heartbeat("w1");
        deadlines.forget("w1");
        await().during(Duration.ofMillis(3 * TIMEOUT.toMillis())).atMost(Duration.ofSeconds(5))
                .until(expiries::isEmpty);
    }

    @Test
    void graceGivesKnownMembersAFullTimeoutThenExpiresTheSilentOnes() {
        deadlines.grace(List.of("quiet", "talkative"), TIMEOUT);
        beats.scheduleAtFixedRate(() -> deadlines.heartbeat("talkative"), 50, 50, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> expiries.containsKey("quiet"));
        await().during(Duration.ofMillis(2 * TIMEOUT.toMillis())).atMost(Duration.ofSeconds(5))
                .until(() -> !expiries.containsKey("talkative") && expiries.get("quiet").size() == 1);
    }
}
