package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import dev.workcluster.leader.cluster.WorkerSession;
import dev.workcluster.leader.state.proto.AttemptRef;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.LeaveMember;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.Redirect;
import dev.workcluster.proto.cluster.v1.SessionHeartbeat;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of one worker session: a Hello joins (or rejoins) the member
 * and reconciles what it still runs; then heartbeats keep it alive, outcomes are
 * committed and acknowledged, and a broken stream starts the reconnect grace.
 */
final class SessionHandler implements StreamObserver<SessionRequest> {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final SessionEndpoint endpoint;
    private final ServerCallStreamObserver<SessionResponse> outbound;
    private final String peer;
    private final SessionProposals proposals;
    private final SessionRepairs repairs;
    private final SessionReports reports;
    private volatile WorkerSession session;
    private volatile Duration liveTimeout;
    private volatile boolean leaving;
    /** The worker's side of the stream is over (half-closed, cancelled, broken). */
    private volatile boolean ended;
    /**
     * This side ended the stream while it had no session (a refusal, a redirect, the answer to a
     * half-close): the stream ends once, whichever comes first, as gRPC throws at a second end.
     */
    private final AtomicBoolean endedHere = new AtomicBoolean();

    SessionHandler(SessionEndpoint endpoint, ServerCallStreamObserver<SessionResponse> outbound, String peer) {
        this.endpoint = endpoint;
        this.repairs = new SessionRepairs(endpoint);
        this.outbound = outbound;
        this.peer = peer;
        this.proposals = new SessionProposals(endpoint.settings.maxProposalsInFlight(), () -> outbound.request(1));
        this.reports = new SessionReports(endpoint, proposals);
    }

    @Override
    public void onNext(SessionRequest request) {
        try {
            if (session == null && request.getKindCase() != SessionRequest.KindCase.HELLO) {
                throw invalid("the first message of a session must be a hello, got " + request.getKindCase());
            }
            switch (request.getKindCase()) {
                case HELLO -> hello(request.getHello());
                case HEARTBEAT -> heartbeat(request.getHeartbeat());
                case OUTCOME -> reports.outcome(session, request.getOutcome());
                case OUTCOMES -> reports.outcomes(session, request.getOutcomes());
                case HAND_BACK -> reports.handBack(session, request.getHandBack());
                case PROGRESS -> reports.progress(session, request.getProgress());
                case DRAIN -> drain();
                case GOODBYE -> goodbye();
                case KIND_NOT_SET -> throw invalid("empty session message");
            }
            if (request.getKindCase() != SessionRequest.KindCase.HELLO) {
                proposals.readNext();
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void hello(Hello hello) {
        if (session != null) {
            throw invalid("a session sends one hello, got a second one");
        }
        SessionMessages.Joining joining = SessionMessages.hello(hello, peer, endpoint.settings);
        String unreachable = hello.getUnreachableLeader();
        if (!answer(joining, unreachable, false)
                && !endpoint.elections.hold((heldNanos, lastChance) -> answerHeld(
                        joining,
                        heldNanos < ElectionWait.UNREACHABLE_TRUSTED.toNanos() ? unreachable : "",
                        lastChance))) {
            redirect(endpoint.leaderAddress.get());
        }
    }

    /**
     * Joins here if this node is the ready leader, or redirects to the leader this node
     * vouches for, unless that is the one the worker could not reach (for a while, see
     * {@link ElectionWait#UNREACHABLE_TRUSTED}). False while no live
     * leader is known (the hello waits for the election), unless this is its
     * {@code lastChance}: then it redirects to whatever leader is known.
     */
    private boolean answer(SessionMessages.Joining joining, String unreachable, boolean lastChance) {
        if (outbound.isCancelled()) {
            return true;
        }
        if (endpoint.leaderReady.getAsBoolean()) {
            join(joining);
            return true;
        }
        String live = endpoint.liveLeaderAddress.get();
        if (live.equals(unreachable)) {
            live = "";
        }
        if (!live.isEmpty() || lastChance) {
            redirect(live.isEmpty() ? endpoint.leaderAddress.get() : live);
            return true;
        }
        return false;
    }

    private boolean answerHeld(SessionMessages.Joining joining, String unreachable, boolean lastChance) {
        try {
            return answer(joining, unreachable, lastChance);
        } catch (RuntimeException e) {
            fail(e);
            return true;
        }
    }

    private void join(SessionMessages.Joining joining) {
        // A Hello is a sign of life: a deadline that runs out while its Join commits must not expire the member.
        endpoint.core
                .deadlines()
                .heartbeat(joining.memberId(), joining.liveTimeout().plus(endpoint.settings.reconnectGrace()));
        endpoint.core
                .proposer()
                .propose(Command.newBuilder().setJoinMember(joining.join()))
                .whenComplete((result, error) -> {
                    try {
                        welcome(joining, StatusMapping.accepted(orThrow(result, error)));
                    } catch (RuntimeException e) {
                        fail(e);
                    }
                });
    }

    private void welcome(SessionMessages.Joining joining, CommandResult joined) {
        String id = joining.memberId();
        Duration timeout = joining.liveTimeout();
        WorkerSession opened = new WorkerSession(
                id,
                joined.getIncarnation(),
                joining.batches(),
                outbound,
                endpoint.settings.sendBufferBytes(),
                () -> lost("worker did not read its stream"));
        // Leadership may have gone while the Join committed: then the worker belongs elsewhere.
        if (!endpoint.leaderReady.getAsBoolean() || !endpoint.core.sessions().register(opened)) {
            log.info("event=session_redirected member={} reason=leadership_lost_during_join", id);
            redirect(endpoint.leaderAddress.get());
            return;
        }
        opened.send(SessionMessages.welcome(
                id, endpoint.nodeId, endpoint.settings.reconnectGrace(), timeout, joining.batches()));
        for (AttemptRef stop : joined.getStopAttemptsList()) {
            opened.send(SessionMessages.stop(stop));
        }
        // The worker starts its heartbeat clock when this Welcome reaches it, and its first
        // heartbeat then has to come back: the first deadline spans a round trip that later
        // ones do not, and a join storm stretches it to seconds. So it gets the reconnect grace
        // on top (as Nomad adds heartbeat_grace); the first heartbeat restores the plain timeout.
        endpoint.core.deadlines().heartbeat(id, timeout.plus(endpoint.settings.reconnectGrace()));
        liveTimeout = timeout;
        session = opened;
        if (ended) {
            // The stream ended while the Join committed, and its end found no session to close:
            // close this one, or it would stay registered on a dead stream and be given work.
            lost("the stream ended before the welcome");
            return;
        }
        endpoint.dispatcher.wake(); // the Join's own apply woke it before this session could take work
        endpoint.softStateChanged.accept(id);
        log.info(
                "event=session_started member={} peer={} stopped_attempts={}", id, peer, joined.getStopAttemptsCount());
        outbound.request(1);
    }

    /** gRPC can take more of this stream's messages (its onReady). */
    void outboundReady() {
        WorkerSession current = session;
        if (current != null) {
            current.drain();
        }
    }

    private void heartbeat(SessionHeartbeat heartbeat) {
        endpoint.core.deadlines().heartbeat(session.memberId(), liveTimeout);
        if (heartbeat.getSequence() > 0) { // the deadline moved: the worker's lease may run from this heartbeat
            session.send(SessionMessages.heartbeatAck(heartbeat.getSequence()));
        }
        endpoint.core.deliveries().resume(session.memberId());
        if (heartbeat.getReportsAttempts()) {
            repairs.heartbeat(session, heartbeat);
        }
    }

    private void drain() {
        endpoint.core.sessions().draining(session.memberId());
        endpoint.softStateChanged.accept(session.memberId());
        log.info("event=session_draining member={}", session.memberId());
    }

    private void goodbye() {
        leaving = true;
        WorkerSession current = session;
        // A worker that said goodbye heartbeats no more: that silence is no failure while its Leave commits.
        endpoint.core.deadlines().forget(current.memberId());
        endpoint.core
                .proposer()
                .propose(Command.newBuilder()
                        .setLeaveMember(LeaveMember.newBuilder().setId(current.memberId())))
                .whenComplete((result, error) -> {
                    if (error == null) {
                        endpoint.core.deadlines().forget(current.memberId());
                    } else {
                        endpoint.core
                                .deadlines()
                                .retry(current.memberId(), liveTimeout); // still a member: expiry removes it
                    }
                    endpoint.core.sessions().remove(current);
                    endpoint.core.sessions().forget(current.memberId());
                    log.info(
                            "event=member_left member={} transport=stream committed={}",
                            current.memberId(),
                            error == null);
                    current.complete();
                });
    }

    @Override
    public void onError(Throwable error) {
        ended = true;
        lost("stream error: " + error.getMessage());
    }

    @Override
    public void onCompleted() {
        ended = true;
        if (!leaving) {
            WorkerSession current = session;
            if (current != null) {
                current.complete(); // before lost(), which marks the session closed: complete() would then end nothing
            } else if (endedHere.compareAndSet(false, true)) {
                outbound.onCompleted();
            }
        }
        lost("worker closed the stream");
    }

    /** The stream is gone: unless the worker said goodbye, it gets the reconnect grace. */
    private void lost(String reason) {
        WorkerSession current = session;
        if (current == null || leaving) {
            return;
        }
        current.markClosed();
        if (endpoint.core.sessions().remove(current)) {
            endpoint.core.deadlines().heartbeat(current.memberId(), endpoint.settings.reconnectGrace());
            endpoint.softStateChanged.accept(current.memberId());
            log.info(
                    "event=session_lost member={} reason=\"{}\" grace={}",
                    current.memberId(),
                    reason,
                    endpoint.settings.reconnectGrace());
        }
    }

    private void redirect(String leaderAddress) {
        if (!endedHere.compareAndSet(false, true)) {
            return;
        }
        outbound.onNext(SessionResponse.newBuilder()
                .setRedirect(Redirect.newBuilder().setLeaderAddress(leaderAddress))
                .build());
        outbound.onCompleted();
    }

    private void fail(Throwable error) {
        WorkerSession current = session;
        if (current != null) {
            current.close(StatusMapping.toStatus(error).getStatus());
            lost("refused: " + error.getMessage());
        } else if (endedHere.compareAndSet(false, true)) {
            try {
                outbound.onError(StatusMapping.toStatus(error));
            } catch (RuntimeException alreadyClosed) {
                log.debug("event=session_already_closed error={}", alreadyClosed.toString());
            }
        }
    }

    private static CommandResult orThrow(CommandResult result, Throwable error) {
        if (error != null) {
            throw StatusMapping.toStatus(error);
        }
        return result;
    }
}
