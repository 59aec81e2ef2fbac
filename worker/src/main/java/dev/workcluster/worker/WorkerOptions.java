package dev.workcluster.worker;

import dev.workcluster.worker.internal.HostPort;
import dev.workcluster.worker.internal.OptionDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Immutable settings of a {@link Worker}. Build with {@link #newBuilder()}; change a copy
 * with {@link #toBuilder()}. {@link Builder#build()} checks every value and throws an
 * {@link IllegalArgumentException} whose message names the field and the bad value.
 *
 * <pre>{@code
 * WorkerOptions options = WorkerOptions.newBuilder()
 *         .setLeaderAddresses("leader-1:50051", "leader-2:50051")
 *         .setSlots(4)
 *         .setQueues("emails", "reports") // only tasks of these queues; default: every queue
 *         .build();
 * }</pre>
 */
public final class WorkerOptions {
    private final List<String> leaderAddresses;
    private final String workerId;
    private final int slots;
    private final Duration heartbeatInterval;
    private final Duration reconnectBackoffInitial;
    private final Duration reconnectBackoffMax;
    private final Map<String, String> labels;
    private final List<String> queues;
    private final Transport transport;
    private final int pushListenPort;
    private final String pushAdvertisedAddress;
    private final TlsSettings tls;
    private final Duration shutdownGrace;
    private final MeterRegistry meterRegistry;

    private WorkerOptions(Builder b) {
        this.leaderAddresses = List.copyOf(b.leaderAddresses);
        this.workerId = b.workerId;
        this.slots = b.slots;
        this.heartbeatInterval = b.heartbeatInterval;
        this.reconnectBackoffInitial = b.reconnectBackoffInitial;
        this.reconnectBackoffMax = b.reconnectBackoffMax;
        this.labels = Map.copyOf(b.labels);
        this.queues = b.queues;
        this.transport = b.transport;
        this.pushListenPort = b.pushListenPort;
        this.pushAdvertisedAddress = b.pushAdvertisedAddress;
        this.tls = b.tls;
        this.shutdownGrace = b.shutdownGrace;
        this.meterRegistry = b.meterRegistry;
    }

    /** A builder with every default set; only the leader addresses are required. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Leader (cluster port) addresses as host:port; the worker follows redirects and fails over among them. */
    public List<String> leaderAddresses() {
        return leaderAddresses;
    }

    /** This worker's member id; default {@code hostname-pid}. */
    public String workerId() {
        return workerId;
    }

    /** How many tasks run at once (stream transport; push mode runs one); default the number of CPUs. */
    public int slots() {
        return slots;
    }

    /** How often the worker heartbeats; default 1 s. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** First reconnect delay cap; default 100 ms. */
    public Duration reconnectBackoffInitial() {
        return reconnectBackoffInitial;
    }

    /** Largest reconnect delay; default 2 s (well inside the leader's reconnect grace). */
    public Duration reconnectBackoffMax() {
        return reconnectBackoffMax;
    }

    /** Labels sent to the leader with the session; default none. */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * The named queues this worker takes tasks from, sent to the leader with the session (or the push-mode
     * join), without repeats, in the order given; empty (the default): every queue.
     */
    public List<String> queues() {
        return queues;
    }

    /** Stream (default) or the seed's push mode. */
    public Transport transport() {
        return transport;
    }

    /** Push mode: the port {@code worker.v1.WorkerService} is served on; default 40041, 0 = any free port. */
    public int pushListenPort() {
        return pushListenPort;
    }

    /** Push mode: host:port the leader calls; null = {@code localhost:<bound port>}. */
    public String pushAdvertisedAddress() {
        return pushAdvertisedAddress;
    }

    /** TLS for connections to the leader; null = plaintext. */
    public TlsSettings tls() {
        return tls;
    }

    /** How long {@link Worker#close()} lets running tasks finish; default 30 s. */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** Where the worker records its metrics; null (default) = it records none. */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    @Override
    public String toString() {
        return "WorkerOptions{leaderAddresses=" + leaderAddresses + ", workerId=" + workerId + ", slots=" + slots
                + ", heartbeatInterval=" + heartbeatInterval + ", reconnectBackoff=" + reconnectBackoffInitial
                + ".." + reconnectBackoffMax + ", labels=" + labels + ", queues=" + queues
                + ", transport=" + transport
                + ", pushListenPort=" + pushListenPort + ", pushAdvertisedAddress=" + pushAdvertisedAddress
                + ", tls=" + (tls != null) + ", shutdownGrace=" + shutdownGrace + ", metrics=" + (meterRegistry != null)
                + "}";
    }

    /** Most slots a worker may offer (the leader's own cap is the same by default). */
    static final int MAX_SLOTS = 1024;

    /** Most queues a worker may take tasks from (the leader refuses more). */
    public static final int MAX_QUEUES = 32;

    /** Longest queue name (the leader's rule). */
    public static final int MAX_QUEUE_NAME_LENGTH = 63;

    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * Mutable builder of {@link WorkerOptions}. Not thread-safe. Each setter refuses a bad value at
     * once with an {@link IllegalArgumentException} that names the field, the range and the value.
     */
    public static final class Builder {
        private List<String> leaderAddresses = List.of();
        private String workerId = OptionDefaults.workerId();
        private int slots = Math.min(MAX_SLOTS, Runtime.getRuntime().availableProcessors());
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration reconnectBackoffInitial = Duration.ofMillis(100);
        private Duration reconnectBackoffMax = Duration.ofSeconds(2);
        private Map<String, String> labels = new LinkedHashMap<>();
        private List<String> queues = List.of();
        private Transport transport = Transport.STREAM;
        private int pushListenPort = 40041;
        private String pushAdvertisedAddress;
        private TlsSettings tls;
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private MeterRegistry meterRegistry;

        private Builder() {}

        private Builder(WorkerOptions o) {
            leaderAddresses = o.leaderAddresses;
            workerId = o.workerId;
            slots = o.slots;
            heartbeatInterval = o.heartbeatInterval;
            reconnectBackoffInitial = o.reconnectBackoffInitial;
            reconnectBackoffMax = o.reconnectBackoffMax;
            labels = new LinkedHashMap<>(o.labels);
            queues = o.queues;
            transport = o.transport;
            pushListenPort = o.pushListenPort;
            pushAdvertisedAddress = o.pushAdvertisedAddress;
            tls = o.tls;
            shutdownGrace = o.shutdownGrace;
            meterRegistry = o.meterRegistry;
        }

        /** Required: one or more leader addresses, host:port. */
        public Builder setLeaderAddresses(List<String> addresses) {
            this.leaderAddresses = addresses;
            return this;
        }

        /** Required: one or more leader addresses, host:port. */
        public Builder setLeaderAddresses(String... addresses) {
            return setLeaderAddresses(addresses == null ? null : Arrays.asList(addresses));
        }

        /** Member id; default {@code hostname-pid}. Must be unique in the cluster. */
        public Builder setWorkerId(String workerId) {
            check(
                    workerId != null && !workerId.isBlank() && workerId.length() <= 256,
                    "workerId must be 1 to 256 non-blank characters, got '" + workerId + "'");
            this.workerId = workerId;
            return this;
        }

        /** Tasks run at once, 1..1024; default the number of CPUs. Push mode always runs one. */
        public Builder setSlots(int slots) {
            check(slots >= 1 && slots <= MAX_SLOTS, "slots must be between 1 and " + MAX_SLOTS + ", got " + slots);
            this.slots = slots;
            return this;
        }

        /** Heartbeat period, 50 ms..60 s; default 1 s. */
        public Builder setHeartbeatInterval(Duration interval) {
            this.heartbeatInterval =
                    checkDuration("heartbeatInterval", interval, Duration.ofMillis(50), Duration.ofSeconds(60));
            return this;
        }

        /** First reconnect delay cap (full jitter below it); default 100 ms. */
        public Builder setReconnectBackoffInitial(Duration initial) {
            this.reconnectBackoffInitial =
                    checkDuration("reconnectBackoffInitial", initial, Duration.ofMillis(1), Duration.ofMinutes(5));
            return this;
        }

        /** Largest reconnect delay cap, at least the initial one; default 2 s. */
        public Builder setReconnectBackoffMax(Duration max) {
            this.reconnectBackoffMax =
                    checkDuration("reconnectBackoffMax", max, Duration.ofMillis(1), Duration.ofMinutes(10));
            return this;
        }

        /** {@link Transport#STREAM} (default) or {@link Transport#PUSH}. */
        public Builder setTransport(Transport transport) {
            check(transport != null, "transport must be STREAM or PUSH, got null");
            this.transport = transport;
            return this;
        }

        /** Push mode: port to serve {@code worker.v1.WorkerService} on; default 40041, 0 = any free port. */
        public Builder setPushListenPort(int port) {
            check(port >= 0 && port <= 65535, "pushListenPort must be between 0 and 65535, got " + port);
            this.pushListenPort = port;
            return this;
        }

        /** Push mode: host:port the leader should call; default {@code localhost:<bound port>}. */
        public Builder setPushAdvertisedAddress(String address) {
            check(
                    address == null || HostPort.isValid(address),
                    "pushAdvertisedAddress '" + address + "' must be host:port");
            this.pushAdvertisedAddress = address;
            return this;
        }

        /** TLS for connections to the leader; null (default) = plaintext. */
        public Builder setTls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        /** Grace {@link Worker#close()} gives running tasks; default 30 s. */
        public Builder setShutdownGrace(Duration grace) {
            this.shutdownGrace = checkDuration("shutdownGrace", grace, Duration.ZERO, Duration.ofHours(24));
            return this;
        }

        /**
         * Records the worker's metrics in {@code registry} (null, the default: none): tasks run and
         * their handler durations by outcome ({@code workcluster_worker_task_seconds}), failures
         * ({@code workcluster_worker_task_failures_total}), busy slots and reconnects. Serve the
         * registry as your application does, e.g. a Prometheus registry's {@code scrape()}.
         */
        public Builder setMeterRegistry(MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        /** Replaces all labels. */
        public Builder setLabels(Map<String, String> labels) {
            this.labels = labels == null ? null : new LinkedHashMap<>(labels);
            return this;
        }

        /**
         * The named queues this worker takes tasks from (replacing any set before); empty, the default: every
         * queue. A task waits in the queue it names ({@code "default"} when it names none), and the leader starts
         * it only on a worker that takes that queue. At most {@value WorkerOptions#MAX_QUEUES} names, each 1 to
         * {@value WorkerOptions#MAX_QUEUE_NAME_LENGTH} letters, digits and {@code . _ -}; a name given twice
         * counts once.
         *
         * <pre>{@code
         * WorkerOptions.newBuilder().setLeaderAddresses("leader-1:50051").setQueues(List.of("emails", "default"));
         * }</pre>
         *
         * @throws IllegalArgumentException naming the bad name and the rule, or the count and the limit
         */
        public Builder setQueues(List<String> queues) {
            check(queues != null, "queues must not be null (empty: every queue), got null");
            LinkedHashSet<String> distinct = new LinkedHashSet<>();
            for (String name : queues) {
                checkQueueName(name);
                distinct.add(name);
            }
            check(
                    distinct.size() <= MAX_QUEUES,
                    "queues has " + distinct.size() + " names, over the limit of " + MAX_QUEUES);
            this.queues = List.copyOf(distinct);
            return this;
        }

        /** The named queues this worker takes tasks from; none: every queue. See {@link #setQueues(List)}. */
        public Builder setQueues(String... queues) {
            return setQueues(queues == null ? null : Arrays.asList(queues));
        }

        private static void checkQueueName(String name) {
            check(name != null, "queue name must not be null");
            check(!name.isEmpty(), "queue name must not be empty");
            check(
                    name.length() <= MAX_QUEUE_NAME_LENGTH,
                    "queue name '" + name + "' is " + name.length() + " characters, over the limit of "
                            + MAX_QUEUE_NAME_LENGTH);
            check(
                    QUEUE_NAME.matcher(name).matches(),
                    "queue name '" + name + "' may hold only letters, digits and . _ -");
        }

        /**
         * Checks what no single setter can (a leader address given, the backoff range, labels, the TLS
         * files) and builds; each setter checks its own value at once.
         *
         * @throws IllegalArgumentException naming the first bad field and its value
         */
        public WorkerOptions build() {
            validateAddresses();
            check(
                    reconnectBackoffMax.compareTo(reconnectBackoffInitial) >= 0,
                    "reconnectBackoffMax must be >= reconnectBackoffInitial (" + reconnectBackoffInitial + "), got "
                            + reconnectBackoffMax);
            check(labels != null, "labels must not be null, got null");
            labels.forEach((k, v) -> check(
                    k != null && !k.isBlank() && v != null,
                    "label '" + k + "'='" + v + "' must have a non-blank key and a non-null value"));
            validateTls();
            return new WorkerOptions(this);
        }

        private void validateAddresses() {
            check(
                    leaderAddresses != null && !leaderAddresses.isEmpty(),
                    "leaderAddresses must name at least one leader host:port, got " + leaderAddresses);
            for (String address : leaderAddresses) {
                check(HostPort.isValid(address), "leader address '" + address + "' must be host:port");
            }
        }

        private void validateTls() {
            if (tls == null) {
                return;
            }
            check(
                    (tls.clientCertificate() == null) == (tls.clientKey() == null),
                    "tls.clientCertificate and tls.clientKey must be set together, got " + tls.clientCertificate()
                            + " and " + tls.clientKey());
            checkReadable("tls.caCertificate", tls.caCertificate());
            checkReadable("tls.clientCertificate", tls.clientCertificate());
            checkReadable("tls.clientKey", tls.clientKey());
        }

        private static void checkReadable(String field, Path file) {
            check(file == null || Files.isReadable(file), field + " '" + file + "' is not a readable file");
        }

        private static Duration checkDuration(String field, Duration value, Duration min, Duration max) {
            check(
                    value != null && value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
                    field + " must be between " + min + " and " + max + ", got " + value);
            return value;
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WorkerOptions other)) {
            return false;
        }
        return slots == other.slots
                && pushListenPort == other.pushListenPort
                && leaderAddresses.equals(other.leaderAddresses)
                && workerId.equals(other.workerId)
                && heartbeatInterval.equals(other.heartbeatInterval)
                && reconnectBackoffInitial.equals(other.reconnectBackoffInitial)
                && reconnectBackoffMax.equals(other.reconnectBackoffMax)
                && labels.equals(other.labels)
                && queues.equals(other.queues)
                && transport == other.transport
                && Objects.equals(pushAdvertisedAddress, other.pushAdvertisedAddress)
                && Objects.equals(tls, other.tls)
                && shutdownGrace.equals(other.shutdownGrace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                leaderAddresses,
                workerId,
                slots,
                heartbeatInterval,
                reconnectBackoffInitial,
                reconnectBackoffMax,
                labels,
                queues,
                transport,
                pushListenPort,
                pushAdvertisedAddress,
                tls,
                shutdownGrace);
    }
}
