package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.GuardedState;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.BatchResult;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in the Raft group: starts Ratis with its on-disk log
 * under the data dir, and offers the {@link CommandLog} that proposes in-process
 * (no gRPC hop to ourselves).
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftNode.class);
    /** One group per cluster; a fixed id lets every node find it on disk after a restart. */
    static final RaftGroupId GROUP_ID =
            RaftGroupId.valueOf(UUID.nameUUIDFromBytes("workcluster".getBytes(StandardCharsets.UTF_8)));

    /** Ratis' longest election timeout: a follower that heard nothing for longer is about to stand itself. */
    static final long LEADER_SILENCE_MILLIS = 300;

    static final TimeDuration LEADER_STEP_DOWN_WAIT = TimeDuration.valueOf(2, TimeUnit.SECONDS);
    static final TimeDuration RETRY_CACHE_EXPIRY = TimeDuration.valueOf(10, TimeUnit.SECONDS);
    /** Well within an orchestrator's stop timeout (ECS: 30 s), after the leadership handover's 5 s. */
    static final Duration SERVER_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final RaftServer server;
    private final RaftGroup group;
    private final RaftProperties properties;
    private final Limits limits;
    private RaftClient groupClient;
    private RaftClient catchUpClient;
    private final Parameters parameters;
    private final RaftPeerId peerId;
    private final RaftStateMachine stateMachine;
    private final Path storageDir;
    private final ProposalBatcher proposals;
    private final ProposerCallbacks callbacks = new ProposerCallbacks(ClientId.randomId());
    private final AtomicLong callIds = new AtomicLong();

    private final RaftSettings settings;

    /** Prepares the node; its {@link #commandLog()} is usable once {@link #start} ran. */
    public RaftNode(RaftSettings settings, GuardedState state, StateLimits limits) throws IOException {
        this(settings, state, limits, null);
    }

    /** The same, with {@code tls} (null = plaintext) on every Raft connection, the node's own client's included. */
    public RaftNode(RaftSettings settings, GuardedState state, StateLimits limits, RaftTls tls) throws IOException {
        this.settings = settings;
        this.peerId = RaftPeerId.valueOf(settings.nodeId());
        this.stateMachine = new RaftStateMachine(state, limits, callbacks);
        this.storageDir = settings.dataDir().resolve("raft");
        Files.createDirectories(storageDir);
        boolean existing =
                Files.isDirectory(storageDir.resolve(GROUP_ID.getUuid().toString()));
        List<RaftPeer> peers = settings.group().stream()
                .map(p -> RaftPeer.newBuilder()
                        .setId(p.id())
                        .setAddress(p.address())
                        .build())
                .toList();
        this.group = RaftGroup.valueOf(GROUP_ID, peers);
        this.properties = properties(settings, storageDir, limits);
        this.limits = limits.toProto();
        this.parameters = new Parameters();
        if (tls != null) {
            GrpcTlsConfig config = new GrpcTlsConfig(tls.keys(), tls.peers(), true);
            GrpcConfigKeys.Server.setTlsConf(parameters, config);
            GrpcConfigKeys.Client.setTlsConf(parameters, config);
            GrpcConfigKeys.Admin.setTlsConf(parameters, config);
        }
        this.server = RaftServer.newBuilder()
                .setParameters(parameters)
                .setServerId(peerId)
                .setGroup(group)
                .setStateMachine(stateMachine)
                .setProperties(properties)
                .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        this.proposals = new ProposalBatcher(this::submit, settings, this.limits);
    }

    /**
     * Starts Raft: replays snapshot and log, elects a leader, and calls
     * {@code leadership} once this node may act; {@code onApplied} after every applied entry.
     */
    public void start(Leadership leadership, AppliedListener onApplied) throws IOException {
        stateMachine.leadership(leadership);
        stateMachine.onApplied(onApplied);
        server.start();
        log.info(
                "event=raft_started node={} raft_port={} storage={}",
                settings.nodeId(),
                settings.raftPort(),
                settings.dataDir().resolve("raft"));
    }

    public CommandLog commandLog() {
        return proposals;
    }

    /** Where every entry this node proposes gets the placement its apply performs. */
    public void placeWith(PlacementSource source) {
        proposals.placeWith(source);
    }

    /** How many snapshots this node wrote, and how long that took. */
    public SnapshotTimes snapshotTimes() {
        return stateMachine.snapshotTimes();
    }

    /** Bytes of the Raft log segments on disk (Ratis names them {@code log_*}); 0 when they cannot be read. */
    public long logBytes() {
        try (Stream<Path> files = Files.walk(storageDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("log_"))
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0; // a segment rolled or was purged while it was listed
        }
    }

    /** True once this node leads and has applied everything committed before its term. */
    public boolean isLeaderReady() {
        return stateMachine.isLeader() && info().isLeaderReady();
    }

    /**
     * Completes once this node has applied everything the leader had committed when it was
     * asked: a linearizable read through this node (Ratis' ReadIndex), which a follower
     * answers only after it caught up to the index the leader gave it. What a node knows of
     * the commit index on its own can lag what was acknowledged to clients: after a restart it
     * is the node's last snapshot or persisted index until the leader's entries reach it.
     * Fails if no leader answers (retry later).
     */
    public CompletableFuture<Void> catchUpWithLeader() {
        return catchUpClient()
                .async()
                .sendReadOnlyUnordered(Message.EMPTY, peerId)
                .thenAccept(reply -> {
                    if (!reply.isSuccess()) {
                        throw new CompletionException(reply.getException());
                    }
                });
    }

    /**
     * The leader's id if this node can vouch that it is alive: itself once ready, or the leader
     * a follower heard from within the last election timeout. Empty during an election, and
     * while a follower still names a leader that went silent (killed, paused, cut off).
     */
    public String liveLeaderId() {
        try {
            DivisionInfo info = info();
            RaftPeerId leader = info.getLeaderId();
            if (leader == null) {
                return "";
            }
            if (info.isLeader()) {
                return isLeaderReady() ? peerId.toString() : "";
            }
            long silentMillis =
                    info.getRoleInfoProto().getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
            return info.isFollower() && silentMillis < LEADER_SILENCE_MILLIS ? leader.toString() : "";
        } catch (RuntimeException e) {
            return ""; // not started, or closed
        }
    }

    /** Steps down (drops the leader's duties) if this node took them up and is no longer the Raft leader. */
    public void checkLeadership() {
        if (stateMachine.isLeader()) {
            try {
                if (!info().isLeader()) {
                    stateMachine.stepDown("raft role is " + info().getCurrentRole());
                }
            } catch (RuntimeException e) {
                log.debug("event=leadership_check_skipped error={}", e.toString());
            }
        }
    }

    /**
     * Proposes one command from any node, follower or leader: Ratis' own client finds the
     * leader. For the rare writes a node makes about itself (where clients reach it);
     * client writes take the batched path of the leader.
     */
    public CompletableFuture<CommandResult> proposeFromAnyNode(Command command) {
        RaftClient client = groupClient();
        byte[] entry = CommandBatch.newBuilder()
                .addCommands(command)
                .setLimits(limits)
                .build()
                .toByteArray();
        return client.async()
                .send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
                .thenApply(reply -> {
                    try {
                        return BatchResult.parseFrom(content(reply)).getResults(0);
                    } catch (IOException e) {
                        throw new ProposalFailedException("could not read the result of a committed entry", e);
                    }
                });
    }

    /** Role, term, indexes and peers as this node sees them now. */
    public RaftStatus status() {
        RaftServer.Division division = division();
        DivisionInfo info = division.getInfo();
        RaftPeerId leader = info.getLeaderId();
        Map<String, Long> commits = new HashMap<>();
        division.getCommitInfos().forEach(c -> commits.put(c.getServer().getId().toStringUtf8(), c.getCommitIndex()));
        List<RaftStatus.Peer> peers = new ArrayList<>();
        for (RaftPeer peer : division.getGroup().getPeers()) {
            String id = peer.getId().toString();
            peers.add(new RaftStatus.Peer(
                    id, peer.getAddress(), peer.getId().equals(leader), commits.getOrDefault(id, -1L)));
        }
        return new RaftStatus(
                peerId.toString(),
                info.getCurrentRole().name(),
                isLeaderReady(),
                info.getCurrentTerm(),
                leader == null ? "" : leader.toString(),
                division.getRaftLog().getLastCommittedIndex(),
                info.getLastAppliedIndex(),
                peers);
    }

    /**
     * When this node leads a group of several, hands leadership to the most up-to-date
     * peer and waits (up to {@code timeout}) for it to take over, so that stopping a
     * leader on purpose costs no election timeout. Does nothing otherwise.
     */
    public void handOverLeadership(Duration timeout) {
        RaftStatus status;
        try {
            status = status();
        } catch (RuntimeException e) {
            return; // not started, or already closed
        }
        if (!stateMachine.isLeader() || status.peers().size() < 2) {
            return;
        }
        RaftStatus.Peer successor = status.peers().stream()
                .filter(p -> !p.id().equals(status.nodeId()))
                .max(java.util.Comparator.comparingLong(RaftStatus.Peer::commitIndex))
                .orElseThrow();
        try {
            RaftClientReply reply = server.transferLeadershipAsync(new TransferLeadershipRequest(
                            callbacks.clientId(),
                            peerId,
                            GROUP_ID,
                            callIds.incrementAndGet(),
                            RaftPeerId.valueOf(successor.id()),
                            timeout.toMillis()))
                    .get(timeout.toMillis() + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
            // Under load another peer may win the election the transfer starts: the group has a new
            // leader all the same, which is what the handover is for.
            log.info(
                    "event=leadership_handed_over to={} success={} leader_now={}",
                    successor.id(),
                    reply.isSuccess(),
                    currentLeaderId());
        } catch (Exception e) {
            log.warn("event=leadership_handover_failed to={} error={}", successor.id(), e.toString());
        }
    }

    private String currentLeaderId() {
        try {
            return status().leaderId();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private RaftServer.Division division() {
        try {
            return server.getDivision(GROUP_ID);
        } catch (IOException e) {
            throw new IllegalStateException("raft group " + GROUP_ID + " is not on this server", e);
        }
    }

    private DivisionInfo info() {
        return division().getInfo();
    }

    private CompletableFuture<byte[]> submit(byte[] entry, Consumer<List<CommandResult>> onApplied) {
        long callId = callIds.incrementAndGet();
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(callbacks.clientId())
                .setServerId(peerId)
                .setGroupId(GROUP_ID)
                .setCallId(callId)
                .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        callbacks.expect(callId, onApplied);
        try {
            CompletableFuture<byte[]> reply =
                    server.submitClientRequestAsync(request).thenApply(RaftNode::content);
            reply.whenComplete((bytes, error) -> callbacks.forget(callId));
            return reply;
        } catch (IOException e) {
            callbacks.forget(callId);
            return CompletableFuture.failedFuture(
                    new ProposalFailedException("raft refused the entry: " + e.getMessage(), e));
        }
    }

    private static byte[] content(RaftClientReply reply) {
        if (reply.isSuccess()) {
            return reply.getMessage().getContent().toByteArray();
        }
        if (reply.getNotLeaderException() != null) {
            RaftPeer suggested = reply.getNotLeaderException().getSuggestedLeader();
            throw new ProposalFailedException(
                    suggested == null
                            ? "this node is no longer the Raft leader and none is known: the group has lost its quorum "
                                    + "(fewer than a majority of nodes reachable) or is electing a leader; retry"
                            : "this node is no longer the Raft leader (" + suggested.getId() + " is); retry",
                    reply.getNotLeaderException());
        }
        Exception cause = reply.getException();
        throw new ProposalFailedException(
                "raft did not commit the entry: " + (cause == null ? "unknown" : cause.getMessage()), cause);
    }

    /** Ratis' own client of the group, made on first use; it retries until a leader takes the call. */
    private synchronized RaftClient groupClient() {
        if (groupClient == null) {
            groupClient = newClient(RetryPolicies.retryForeverNoSleep());
        }
        return groupClient;
    }

    /**
     * A client that tries each call once: the node asks again itself, one read at a time, so no
     * retries pile up while no leader answers (each attempt ends within Ratis' request timeout).
     * Its reads are unordered: an ordered client closes its window to a server for good after a
     * call that failed and was not retried.
     */
    private synchronized RaftClient catchUpClient() {
        if (catchUpClient == null) {
            catchUpClient = newClient(RetryPolicies.noRetry());
        }
        return catchUpClient;
    }

    private RaftClient newClient(RetryPolicy retries) {
        return RaftClient.newBuilder()
                .setParameters(parameters)
                .setRaftGroup(group)
                .setProperties(properties)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(retries)
                .build();
    }

    private static RaftProperties properties(RaftSettings settings, Path storageDir, StateLimits limits) {
        RaftProperties props = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(props, List.of(storageDir.toFile()));
        GrpcConfigKeys.Server.setPort(props, settings.raftPort());
        // A leader that lost its majority stands again after this long, not Ratis' 10 s: on a busy
        // machine a stall can depose every node in turn, and the group must still elect at once
        // when its leader then dies.
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(props, LEADER_STEP_DOWN_WAIT);
        // A follower appends on the thread that received the entries, before it answers anything
        // else. Ratis' default hands the append to another thread: a vote handled meanwhile saw the
        // log without those entries, and on a fresh group with elections in quick succession (cold
        // JVMs on a busy machine) a follower was left with a committed first entry that differs
        // from the leader's; Ratis never truncates a committed entry, so it stayed behind for good.
        RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(props, false);
        // Read-only requests (only catchUpWithLeader sends them) are served after a ReadIndex round.
        RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, settings.snapshotEvery());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf(settings.segmentSizeBytes()));
        // Purge as often as snapshots are taken (Ratis waits 1024 entries by default), so the
        // log on disk stays about one snapshot interval long; lagging followers get the snapshot.
        RaftServerConfigKeys.Log.setPurgeGap(props, (int) Math.min(1024, settings.snapshotEvery()));
        // An entry may carry a whole batch, or one command with a payload at the size limit.
        SizeInBytes entryMax =
                SizeInBytes.valueOf(Math.max(settings.batchMaxBytes(), limits.maxPayloadBytes()) * 2L + (1 << 20));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(props, entryMax);
        RaftServerConfigKeys.Log.setWriteBufferSize(props, SizeInBytes.valueOf(entryMax.getSize() + 64));
        GrpcConfigKeys.setMessageSizeMax(props, SizeInBytes.valueOf(entryMax.getSize() * 2));
        // Less for the old generation to carry. The retry cache guards Ratis clients that resend a
        // call id; the batched path never does (each entry has its own), and Ratis' own client gives
        // up well within 10 s. Lagging followers read older segments from disk instead of the cache.
        RaftServerConfigKeys.RetryCache.setExpiryTime(props, RETRY_CACHE_EXPIRY);
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(props, 2);
        return props;
    }

    @Override
    public void close() throws IOException {
        proposals.close();
        synchronized (this) {
            for (RaftClient client : new RaftClient[] {groupClient, catchUpClient}) {
                if (client != null) {
                    client.close();
                }
            }
        }
        closeServerWithin(SERVER_CLOSE_TIMEOUT);
        log.info("event=raft_stopped");
    }

    /**
     * Ratis' own close, given at most {@code timeout}. Ratis 3.3 can deadlock there: the log's
     * close holds the log's write lock while it waits for its cache eviction thread, which may
     * be waiting for that lock (seen once in ~20 ECS rehearsals: a node still running 30 s after
     * SIGTERM). Everything acknowledged is already on disk by then, so the node stops without it
     * rather than outlive its orchestrator's stop timeout.
     */
    private void closeServerWithin(Duration timeout) throws IOException {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Thread closer = new Thread(
                () -> {
                    try {
                        server.close();
                        closed.complete(null);
                    } catch (IOException | RuntimeException e) {
                        closed.completeExceptionally(e);
                    }
                },
                "raft-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.error("event=raft_close_stuck timeout_ms={} action=stopping_without_it", timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("closing Raft failed", e.getCause());
        }
    }
}
