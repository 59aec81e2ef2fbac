package dev.workcluster.worker.internal;

import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.Welcome;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one session to the leader up: dials, says Hello, handles what the leader sends,
 * heartbeats, and after a break reconnects with backoff, rotating through the leader
 * addresses and following redirects. Every state change runs on one {@link ControlThread},
 * so the fields below need no locks; gRPC callbacks and task threads only post to it.
 */
public final class SessionLoop implements SessionConnection.Listener {
    private static final Logger log = LoggerFactory.getLogger(SessionLoop.class);
    static final Duration WELCOME_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MIN_OUTCOME_RESEND = Duration.ofSeconds(1);

    private final WorkerOptions options;
    private final Channels channels;
    private final SessionTasks tasks;
    private final OutcomeBuffer outcomes;
    private final ControlThread control;
    private final ReconnectPolicy reconnectPolicy;
    /** Null when the worker records no metrics. */
    private final Counter reconnects;

    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Names this process to the leader: a Hello with the same instance is a reconnect, not a restart. */
    private final String instanceId = UUID.randomUUID().toString();

    private final SessionLease lease = new SessionLease(System::nanoTime);
    private final AtomicBoolean flushPosted = new AtomicBoolean();

    private long sessionIds;
    private SessionConnection current;
    private boolean welcomed;
    /** The leader of this session takes several outcomes per message and sends starts and acks that way. */
    private boolean batches;

    private boolean draining;
    private boolean closing;
    private ScheduledFuture<?> heartbeats;
    private ScheduledFuture<?> reconnect;
    private ScheduledFuture<?> welcomeTimeout;

    public SessionLoop(
            WorkerOptions options,
            Channels channels,
            TaskRunner runner,
            OutcomeBuffer outcomes,
            ControlThread control) {
        this.options = options;
        this.channels = channels;
        this.tasks = new SessionTasks(runner, outcomes);
        this.outcomes = outcomes;
        this.control = control;
        this.reconnects = options.meterRegistry() == null
                ? null
                : Counter.builder("workcluster_worker_reconnects")
                        .description("Session streams this worker opened again after one ended")
                        .register(options.meterRegistry());
        this.reconnectPolicy = new ReconnectPolicy(
                options.leaderAddresses(), options.reconnectBackoffInitial(), options.reconnectBackoffMax());
    }

    public void start() {
        control.post(this::connect);
        // Checked often, not only with heartbeats: a run must stop before the leader gives it to someone else.
        control.every(this::checkLease, options.heartbeatInterval().dividedBy(4));
    }

    /**
     * A handler ended; called on its task thread. The outcome is buffered before this returns.
     * One flush is posted for all the outcomes that end before it runs: waking the control
     * thread once per outcome cost more than sending them.
     */
    public void onOutcome(RunningTask task, Outcome outcome) {
        outcomes.add(SessionMessages.outcome(task.key(), outcome));
        if (flushPosted.compareAndSet(false, true)) {
            control.post(() -> {
                flushPosted.set(false); // before the flush: an outcome buffered after it posts again
                flushOutcomes();
            });
        }
    }

    /**
     * A handler reported progress (any thread): the leader hears of it on the session open now. One lost
     * with a broken stream costs nothing the next report does not make up for.
     */
    public void onProgress(AttemptKey key) {
        control.post(() -> {
            if (welcomed) {
                send(SessionMessages.progress(key));
            }
        });
    }

    /** Tells the leader to stop offering work, now and on every later session. */
    public void drain() {
        control.post(() -> {
            draining = true;
            if (welcomed) {
                send(SessionMessages.drain());
            }
        });
    }

    /** Gives attempts back to the leader unfinished. */
    public void handBack(List<RunningTask> tasks) {
        control.post(() -> tasks.forEach(task -> send(SessionMessages.handBack(task.key()))));
    }

    /** Says Goodbye, half-closes and stops reconnecting; completes when the leader has ended the stream. */
    public CompletableFuture<Void> goodbye() {
        control.post(() -> {
            stopReconnecting();
            if (current == null) {
                closed.complete(null);
            } else if (welcomed) {
                send(SessionMessages.goodbye());
                current.halfClose();
            } else {
                current.cancel("worker is shutting down");
            }
        });
        return closed;
    }

    /** Abandons whatever session is open; the last step of a shutdown. */
    public void close() {
        control.post(() -> {
            stopReconnecting();
            if (current != null) {
                current.cancel("worker closed");
            }
        });
    }

    @Override
    public void onMessage(SessionConnection connection, SessionResponse message) {
        control.post(() -> {
            if (connection == current) {
                handle(message);
            }
        });
    }

    @Override
    public void onClosed(SessionConnection connection, Status status) {
        control.post(() -> {
            if (connection == current) {
                lost(status);
            }
        });
    }

    private void connect() {
        if (closing) {
            return;
        }
        String address = reconnectPolicy.address();
        SessionConnection connection = new SessionConnection(++sessionIds, address);
        if (sessionIds > 1 && reconnects != null) {
            reconnects.increment();
        }
        current = connection;
        welcomed = false;
        Set<AttemptKey> running = tasks.claimed();
        log.info(
                "event=session_connecting worker={} leader={} running={}", options.workerId(), address, running.size());
        try {
            connection.open(
                    channels.get(address),
                    SessionMessages.hello(options, instanceId, running, reconnectPolicy.suspect()),
                    this);
        } catch (RuntimeException e) {
            log.warn("event=session_open_failed leader={} error={}", address, e.toString());
            lost(Status.fromThrowable(e));
            return;
        }
        welcomeTimeout = control.schedule(
                () -> {
                    if (current == connection && !welcomed) {
                        connection.cancel("no Welcome within " + WELCOME_TIMEOUT);
                    }
                },
                WELCOME_TIMEOUT);
    }

    private void handle(SessionResponse message) {
        switch (message.getKindCase()) {
            case WELCOME -> welcome(message.getWelcome());
            case START -> start(List.of(message.getStart()));
            case STARTS -> start(message.getStarts().getTasksList());
            case HEARTBEAT_ACK -> lease.acknowledged(message.getHeartbeatAck().getSequence());
            case STOP -> tasks.stop(message.getStop());
            case REDIRECT -> redirect(message.getRedirect().getLeaderAddress());
            case OUTCOME_ACK -> tasks.acknowledged(message.getOutcomeAck());
            case OUTCOME_ACKS -> message.getOutcomeAcks().getOutcomesList().forEach(tasks::acknowledged);
            default -> log.debug("event=session_message_ignored kind={}", message.getKindCase());
        }
    }

    private void start(List<StartTask> starts) {
        if (lease.expired()) { // read after a pause: the leader may have given them to another worker since
            expireLease();
            return;
        }
        for (StartTask start : starts) {
            tasks.start(start).ifPresent(this::send);
        }
    }

    private void welcome(Welcome welcome) {
        if (welcomed) {
            return;
        }
        welcomed = true;
        batches = welcome.getBatches();
        ControlThread.cancel(welcomeTimeout);
        reconnectPolicy.welcomed();
        lease.welcomed(
                Duration.ofMillis(welcome.getLiveTimeoutMs()),
                options.heartbeatInterval().dividedBy(2));
        log.info(
                "event=session_started worker={} leader={} node={} reconnect_grace_ms={}",
                options.workerId(),
                current.address(),
                welcome.getNodeId(),
                welcome.getReconnectGraceMs());
        flushOutcomes();
        if (draining) {
            send(SessionMessages.drain());
        }
        heartbeats = control.every(
                () -> {
                    if (welcomed) {
                        send(tasks.heartbeat(lease.nextHeartbeat()));
                        flushOutcomes(); // resends what the leader has not acknowledged for a while
                    }
                },
                options.heartbeatInterval());
    }

    /** Whether a handler may begin now (any thread): see {@link SessionLease#mayStart()}. */
    boolean mayStart() {
        return lease.mayStart();
    }

    private void checkLease() {
        if (lease.expired()) {
            expireLease();
        }
    }

    /**
     * The leader may count this worker dead by now and have given its runs to others: they
     * stop (unreported), and the session starts over, so the leader hears what runs here. A
     * Hello still waiting for its Welcome already told the leader that, and stays true if no
     * run stopped: that attempt goes on, as starting over would put this worker behind the
     * new leader's other joins (after a failover, a second round of election wait and redirect).
     */
    private void expireLease() {
        lease.end();
        int stopped = tasks.stopAll();
        log.warn("event=lease_expired worker={} stopped_runs={}", options.workerId(), stopped);
        SessionConnection old = current;
        if (old != null && (welcomed || stopped > 0)) {
            dropCurrent();
            old.cancel("lease expired");
            if (!closing) {
                scheduleReconnect();
            }
        }
    }

    private void redirect(String leaderAddress) {
        SessionConnection old = current;
        log.info("event=session_redirected from={} to='{}'", old.address(), leaderAddress);
        dropCurrent();
        old.cancel("redirected to '" + leaderAddress + "'");
        if (closing) {
            closed.complete(null);
            return;
        }
        if (reconnectPolicy.followRedirect(leaderAddress)) {
            connect();
        } else if (leaderAddress.isBlank() || reconnectPolicy.isSuspect(leaderAddress)) {
            reconnect = control.schedule(this::connect, reconnectPolicy.afterLeaderUnknown());
        } else {
            scheduleReconnect();
        }
    }

    private void lost(Status status) {
        SessionConnection old = current;
        dropCurrent();
        if (closing) {
            log.info("event=session_closed worker={} leader={}", options.workerId(), old.address());
            closed.complete(null);
            return;
        }
        log.warn(
                "event=session_lost worker={} leader={} status={} description={}",
                options.workerId(),
                old.address(),
                status.getCode(),
                status.getDescription());
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        Duration delay = reconnectPolicy.afterFailure();
        log.info(
                "event=session_reconnect_scheduled leader={} delay_ms={}", reconnectPolicy.address(), delay.toMillis());
        reconnect = control.schedule(this::connect, delay);
    }

    private void dropCurrent() {
        current = null;
        welcomed = false;
        ControlThread.cancel(welcomeTimeout);
        stopHeartbeats();
    }

    private void flushOutcomes() {
        if (current != null && welcomed) {
            tasks.dueOutcomes(current.id(), outcomeResendAfter(), batches).forEach(this::send);
        }
    }

    /** An outcome unacknowledged for this long is sent again: its commit may have failed on the leader. */
    private Duration outcomeResendAfter() {
        Duration twoBeats = options.heartbeatInterval().multipliedBy(2);
        return twoBeats.compareTo(MIN_OUTCOME_RESEND) < 0 ? MIN_OUTCOME_RESEND : twoBeats;
    }

    private void stopReconnecting() {
        closing = true;
        ControlThread.cancel(reconnect);
        stopHeartbeats();
    }

    private void stopHeartbeats() {
        ControlThread.cancel(heartbeats);
        heartbeats = null;
    }

    private void send(SessionRequest message) {
        if (current != null) {
            current.send(message);
        }
    }
}
