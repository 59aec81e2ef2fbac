package dev.workcluster.worker.internal;

import java.util.List;

/**
 * The configured leader addresses and which one to dial next: round-robin on failure,
 * and a one-shot override when a follower redirects to the leader. Not thread-safe.
 */
public final class LeaderAddresses {
    private final List<String> configured;
    private int index;
    private String redirect;

    public LeaderAddresses(List<String> configured) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("leader addresses must not be empty");
        }
        this.configured = List.copyOf(configured);
    }

    /** The address to dial now: a pending redirect, else the current configured one. */
    public String current() {
        return redirect != null ? redirect : configured.get(index);
    }

    /** The current address failed: forget any redirect and move to the next configured one. */
    public String rotate() {
        if (redirect != null) {
            redirect = null;
        } else {
            index = (index + 1) % configured.size();
        }
        return current();
    }

    /** A follower named the leader: dial it next. */
    public void redirectTo(String address) {
        redirect = address;
    }

    public int size() {
        return configured.size();
    }
}
