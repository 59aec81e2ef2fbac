package dev.workcluster.worker.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Where and when the session dials next. After a failure: the next configured address,
 * soon while some address of this round is still untried (one dead node must not slow
 * the way to the others), after a capped, jittered backoff once every address failed. After a Redirect naming the leader: that address at
 * once, but only a few hops in a row, so two nodes that redirect to each other cannot spin
 * the worker. A Welcome resets both. Not thread-safe; owned by the session's control thread.
 */
public final class ReconnectPolicy {
    /** Redirects followed at once before the next one waits for a backoff. */
    public static final int MAX_REDIRECTS_IN_A_ROW = 3;
    /** Longest wait after a node said it knows no leader: an election takes about a second, don't oversleep it. */
    public static final Duration LEADER_UNKNOWN_MAX_DELAY = Duration.ofMillis(250);

    private final LeaderAddresses addresses;
    private final Backoff backoff;
    private int redirectsInARow;
    /** Addresses that failed since the last Welcome or the last full round. */
    private int failedThisRound;
    /**
     * The address that failed last. Until the next Welcome a redirect to it counts as "no
     * leader known": followers keep naming a dead leader until they notice it is gone.
     */
    private String suspect;

    public ReconnectPolicy(List<String> addresses, Duration backoffInitial, Duration backoffMax) {
        this(addresses, new Backoff(backoffInitial, backoffMax));
    }

    ReconnectPolicy(List<String> addresses, Duration backoffInitial, Duration backoffMax, DoubleSupplier random) {
        this(addresses, new Backoff(backoffInitial, backoffMax, random));
    }

    private ReconnectPolicy(List<String> addresses, Backoff backoff) {
        this.addresses = new LeaderAddresses(addresses);
        this.backoff = backoff;
    }

    /** The address to dial now. */
    public String address() {
        return addresses.current();
    }

    /** The leader welcomed us: the next failure starts from the initial backoff. */
    public void welcomed() {
        backoff.reset();
        redirectsInARow = 0;
        failedThisRound = 0;
        suspect = null;
    }

    /** The address that failed last (no Welcome since), or "": sent in the Hello so no node sends us back to it. */
    public String suspect() {
        return suspect == null ? "" : suspect;
    }

    /** Whether this address failed last (and no Welcome came since): a redirect to it leads nowhere. */
    public boolean isSuspect(String address) {
        return address.equals(suspect);
    }

    /**
     * A node redirected us. True: dial {@link #address()} at once. False: the address was
     * empty or the one that just failed (call {@link #afterLeaderUnknown()}), or we hopped
     * too often (call {@link #afterFailure()}), and wait.
     */
    public boolean followRedirect(String leaderAddress) {
        if (leaderAddress.isBlank() || isSuspect(leaderAddress) || redirectsInARow >= MAX_REDIRECTS_IN_A_ROW) {
            return false;
        }
        redirectsInARow++;
        addresses.redirectTo(leaderAddress);
        return true;
    }

    /**
     * A live node answered that it knows no leader yet (an election is on): moves to the
     * next address and returns a short wait, at most {@link #LEADER_UNKNOWN_MAX_DELAY}, so the
     * worker finds the new leader soon after it is elected instead of after a long backoff.
     */
    public Duration afterLeaderUnknown() {
        Duration delay = afterFailure();
        return delay.compareTo(LEADER_UNKNOWN_MAX_DELAY) > 0 ? LEADER_UNKNOWN_MAX_DELAY : delay;
    }

    /** The session failed: moves to the next address and returns how long to wait before dialling it. */
    public Duration afterFailure() {
        redirectsInARow = 0;
        suspect = addresses.current();
        addresses.rotate();
        if (++failedThisRound < addresses.size()) {
            return backoff.initialDelay();
        }
        failedThisRound = 0;
        return backoff.nextDelay();
    }
}
