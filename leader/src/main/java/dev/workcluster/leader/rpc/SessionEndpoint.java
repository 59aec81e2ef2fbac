package dev.workcluster.leader.rpc;

import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.scheduler.Dispatcher;
import dev.workcluster.leader.scheduler.LeaderCore;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Opens library workers' session streams: everything a {@link SessionHandler}
 * needs, shared by all sessions of this node.
 */
public final class SessionEndpoint {
    final LeaderCore core;
    final Dispatcher dispatcher;
    final SessionSettings settings;
    final String nodeId;
    final BooleanSupplier leaderReady;
    /** host:port of the current Raft leader's cluster port, or "" when unknown. */
    final Supplier<String> leaderAddress;
    /** The same, but only while this node can vouch that leader is alive; "" during an election. */
    final Supplier<String> liveLeaderAddress;
    /** Where hellos wait while no live leader is known. */
    final ElectionWait elections;
    /** Told when a member's session opens, breaks or drains (soft state watchers should see). */
    final Consumer<String> softStateChanged;
    /** How outcomes become commands (the result size limit). */
    final Completions completions;

    public SessionEndpoint(
            LeaderCore core,
            Dispatcher dispatcher,
            SessionSettings settings,
            String nodeId,
            BooleanSupplier leaderReady,
            Supplier<String> leaderAddress,
            Supplier<String> liveLeaderAddress,
            ElectionWait elections,
            Consumer<String> softStateChanged,
            Completions completions) {
        this.core = core;
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.nodeId = nodeId;
        this.leaderReady = leaderReady;
        this.leaderAddress = leaderAddress;
        this.liveLeaderAddress = liveLeaderAddress;
        this.elections = elections;
        this.softStateChanged = softStateChanged;
        this.completions = completions;
    }

    StreamObserver<SessionRequest> open(StreamObserver<SessionResponse> responses) {
        ServerCallStreamObserver<SessionResponse> outbound = (ServerCallStreamObserver<SessionResponse>) responses;
        // Manual flow control: the next message is read only once the current one is
        // handled, so nothing overtakes the Hello while its Join is being committed.
        outbound.disableAutoRequest();
        SessionHandler handler = new SessionHandler(this, outbound, RemotePeer.ADDRESS.get());
        outbound.setOnReadyHandler(handler::outboundReady); // what waited for flow control goes out
        outbound.request(1);
        return handler;
    }
}
