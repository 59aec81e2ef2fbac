package dev.workcluster.leader.state;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Members by id, in id order so listings and placement are deterministic. */
final class MemberTable {
    private final Map<String, MemberRecord> byId = new TreeMap<>();
    /** Expired members in expiry order; an entry is stale once its member revived or left. */
    private final ArrayDeque<MemberRecord> expiries = new ArrayDeque<>();

    MemberRecord get(String id) { return byId.get(id); }
    Collection<MemberRecord> all() { return Collections.unmodifiableCollection(byId.values()); }
    void put(MemberRecord member) {
        byId.put(member.id(), member);
        if (member.expired()) {
            expiries.add(member);
        }
    }
    void remove(String id) { byId.remove(id); }

    void expire(MemberRecord member, long nowMillis) {
        member.expire(nowMillis);
        expiries.add(member);
    }

    /** Expired members are listed for a while (operators want to see them), then forgotten. */
    void prune(long dropExpiredBeforeMillis) {
        while (!expiries.isEmpty() && expiries.peekFirst().expiredMillis() < dropExpiredBeforeMillis) {
            MemberRecord gone = expiries.removeFirst();
            if (gone.expired() && byId.get(gone.id()) == gone && gone.runningTaskIds().isEmpty()) {
                byId.remove(gone.id());
            }
        }
    }
}
