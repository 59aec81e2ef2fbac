package dev.workcluster.leader.state;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** One worker as the state machine holds it. Mutated only by the state. */
public final class MemberRecord {
    private final String id;
    private String address;
    private Transport transport;
    private int slots;
    private boolean expired;
    private long joinedMillis;
    private long expiredMillis;
    private long incarnation;
    private String instance = "";
    private java.util.Map<String, String> labels = java.util.Map.of();
    private Set<String> queues = Set.of();
    private final Set<String> runningTaskIds = new LinkedHashSet<>();

    MemberRecord(String id, String address, Transport transport, int slots, long joinedMillis) {
        this.id = id;
        rejoin(address, transport, slots, joinedMillis);
    }

    public String id() {
        return id;
    }

    public String address() {
        return address;
    }

    public Transport transport() {
        return transport;
    }

    public int slots() {
        return slots;
    }

    public boolean expired() {
        return expired;
    }

    public boolean alive() {
        return !expired;
    }

    public long joinedMillis() {
        return joinedMillis;
    }

    public long expiredMillis() {
        return expiredMillis;
    }
    /**
     * Counts the member's joins: the fencing token of its liveness. An expiry decided
     * about one incarnation must not end a newer one that joined meanwhile.
     */
    public long incarnation() {
        return incarnation;
    }
    /** The worker process of the last join, as it named itself; empty when unknown. */
    public String instance() {
        return instance;
    }

    public Set<String> runningTaskIds() {
        return Collections.unmodifiableSet(runningTaskIds);
    }

    public int freeSlots() {
        return expired ? 0 : Math.max(0, slots - runningTaskIds.size());
    }

    void rejoin(String address, Transport transport, int slots, long nowMillis) {
        this.incarnation++;
        this.address = address;
        this.transport = transport;
        this.slots = slots;
        this.expired = false;
        this.expiredMillis = 0;
        this.joinedMillis = nowMillis;
    }

    void expire(long nowMillis) {
        expired = true;
        expiredMillis = nowMillis;
    }

    /** The labels the worker declared at its last join, which task selectors match. */
    public java.util.Map<String, String> labels() {
        return labels;
    }

    void labels(java.util.Map<String, String> declared) {
        this.labels = declared.isEmpty()
                ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(declared));
    }

    /** The queues it takes tasks from, in name order; empty = every queue. */
    public Set<String> queues() {
        return queues;
    }

    /** Whether it takes tasks from {@code queue}. */
    public boolean takes(String queue) {
        return queues.isEmpty() || queues.contains(queue);
    }

    void queues(java.util.List<String> subscribed) {
        this.queues =
                subscribed.isEmpty() ? Set.of() : Collections.unmodifiableSet(new java.util.TreeSet<>(subscribed));
    }

    void instance(String instance) {
        this.instance = instance;
    }

    void restoreIncarnation(long incarnation, String instance) {
        this.incarnation = incarnation;
        this.instance = instance;
    }

    void restoreExpired(long expiredAt) {
        expired = true;
        expiredMillis = expiredAt;
    }

    void started(String taskId) {
        runningTaskIds.add(taskId);
    }

    void stopped(String taskId) {
        runningTaskIds.remove(taskId);
    }
}
