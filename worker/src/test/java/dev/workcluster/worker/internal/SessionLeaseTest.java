package dev.workcluster.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionLeaseTest {
    private static final Duration LIVE = Duration.ofMillis(3_000);
    private static final Duration MARGIN = Duration.ofMillis(500);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final SessionLease lease = new SessionLease(clock::get);

    private void advance(long millis) {
        clock.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    @Test
    void aWelcomeGrantsTheLiveTimeoutLessTheMargin() {
        lease.welcomed(LIVE, MARGIN);
        advance(2_499);
        assertThat(lease.expired()).isFalse();
        advance(1);
        assertThat(lease.expired()).isTrue();
    }

    @Test
    void anAcknowledgementExtendsTheLeaseFromWhenThatHeartbeatWasSentNotFromWhenTheAckCame() {
        lease.welcomed(LIVE, MARGIN);
        advance(1_000);
        long first = lease.nextHeartbeat(); // sent at 1.0 s
        advance(1_400); // acknowledged at 2.4 s: a slow round trip
        lease.acknowledged(first);
        advance(1_099); // 3.499 s
        assertThat(lease.expired()).as("lease runs to 1.0 s + 2.5 s = 3.5 s").isFalse();
        advance(1);
        assertThat(lease.expired()).isTrue();
    }

    @Test
    void heartbeatsThatAreNotAcknowledgedDoNotExtendIt() {
        lease.welcomed(LIVE, MARGIN);
        for (int i = 0; i < 5; i++) {
            advance(1_000);
            lease.nextHeartbeat(); // a partition: sent, never acknowledged
        }
        assertThat(lease.expired()).isTrue();
    }

    @Test
    void anAcknowledgedHeartbeatKeepsTheLeaseUntilItsSendTimePlusTheLength() {
        lease.welcomed(LIVE, MARGIN);
        advance(2_000);
        long sent = lease.nextHeartbeat(); // at 2.0 s
        advance(100);
        lease.acknowledged(sent);
        advance(2_399); // 4.499 s < 2.0 + 2.5
        assertThat(lease.expired()).isFalse();
        advance(1);
        assertThat(lease.expired()).isTrue();
    }

    @Test
    void aLeaderThatNamesNoLiveTimeoutGrantsNoLeaseAndNothingExpires() {
        lease.welcomed(Duration.ZERO, MARGIN);
        advance(60_000);
        assertThat(lease.expired()).isFalse();
    }

    @Test
    void onceActedOnItDoesNotExpireAgainUntilTheNextWelcome() {
        lease.welcomed(LIVE, MARGIN);
        advance(3_000);
        assertThat(lease.expired()).isTrue();
        lease.end();
        assertThat(lease.expired()).isFalse();
        lease.welcomed(LIVE, MARGIN);
        assertThat(lease.expired()).isFalse();
    }

    @Test
    void handlersMayStartWhileTheLeaseHoldsAndNotOnceItRanOutOrWasEnded() {
        assertThat(lease.mayStart()).as("before any welcome").isTrue();
        lease.welcomed(LIVE, MARGIN);
        assertThat(lease.mayStart()).isTrue();
        advance(3_000);
        assertThat(lease.mayStart()).isFalse();
        lease.end();
        assertThat(lease.mayStart()).as("ended, until the next welcome").isFalse();
        lease.welcomed(LIVE, MARGIN);
        assertThat(lease.mayStart()).isTrue();
    }

    @Test
    void withoutALeaseHandlersMayAlwaysStart() {
        lease.welcomed(Duration.ZERO, MARGIN);
        advance(60_000);
        assertThat(lease.mayStart()).isTrue();
    }
}
