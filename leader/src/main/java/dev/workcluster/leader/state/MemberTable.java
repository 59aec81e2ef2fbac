package dev.workcluster.leader.state;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Members by id, in id order so listings and placement are deterministic. */
final class MemberTable {
    private final Changes changes;
    private final NavigableMap<String, MemberRecord> byId = new TreeMap<>();
    /**
     * Expired members, oldest expiry first. Ordered by stored fields only, so a
     * restored state forgets the same members at the same time as the original;
     * a member is taken out before its expiry time changes.
     */
    private final TreeSet<MemberRecord> expired =
            new TreeSet<>(Comparator.comparingLong(MemberRecord::expiredMillis).thenComparing(MemberRecord::id));

    MemberTable(Changes changes) {
        this.changes = changes;
    }

    MemberRecord get(String id) {
        return byId.get(id);
    }

    Collection<MemberRecord> all() {
        return Collections.unmodifiableCollection(byId.values());
    }
    /** Members whose id sorts after {@code id}, in id order. */
    Collection<MemberRecord> after(String id) {
        return Collections.unmodifiableCollection(byId.tailMap(id, false).values());
    }

    int size() {
        return byId.size();
    }

    /** Whether one more member fits under {@code max}, counting an expired one that can make way. */
    boolean hasRoomForOneMore(int max) {
        return byId.size() < max || !expired.isEmpty();
    }

    /** Forgets the longest-expired members until at most {@code max} remain. */
    void forgetExpiredBeyond(int max) {
        while (byId.size() > max && !expired.isEmpty()) {
            String gone = expired.pollFirst().id();
            byId.remove(gone);
            changes.memberRemoved(gone);
        }
    }

    void put(MemberRecord member) {
        byId.put(member.id(), member);
        changes.member(member.id());
        if (member.expired()) {
            expired.add(member);
        }
    }

    void remove(MemberRecord member) {
        expired.remove(member);
        byId.remove(member.id());
        changes.memberRemoved(member.id());
    }

    void expire(MemberRecord member, long nowMillis) {
        member.expire(nowMillis);
        expired.add(member);
        changes.member(member.id());
    }

    void rejoin(MemberRecord member, String address, Transport transport, int slots, long nowMillis) {
        expired.remove(member);
        member.rejoin(address, transport, slots, nowMillis);
        changes.member(member.id());
    }

    /** Expired members are listed for a while (operators want to see them), then forgotten. */
    void prune(long dropExpiredBeforeMillis) {
        while (!expired.isEmpty() && expired.first().expiredMillis() < dropExpiredBeforeMillis) {
            String gone = expired.pollFirst().id();
            byId.remove(gone);
            changes.memberRemoved(gone);
        }
    }
}
