package dev.workcluster.bench;

import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster that is already running, with workers the user started: the run submits to its
 * addresses (failing over among them) and learns of starts from a WatchTasks stream on the
 * node it submits to. Tasks carry {@link #PAYLOAD}, a no-op for the built-in handlers.
 */
final class ExternalTarget implements LoadTarget {
    /** Returns at once with {@code workcluster worker}'s default handler ("sleep"), and "echo" echoes it. */
    static final String PAYLOAD = "sleep 0s";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> addresses;
    private final LoadClient client;
    private final WatchedStarts starts = new WatchedStarts();
    private long workers;

    private ExternalTarget(List<String> addresses, int maxQueued) {
        this.addresses = addresses;
        this.client = LoadClient.withPayload(addresses, maxQueued, PAYLOAD, starts);
    }

    /** Checks that the cluster answers and has a worker, and opens the watch. */
    static ExternalTarget connect(List<String> addresses, int maxQueued) throws Exception {
        ExternalTarget target = new ExternalTarget(addresses, maxQueued);
        try {
            GetStatusResponse status = target.status();
            if (status.getMembersAlive() == 0) {
                throw new IllegalStateException("no worker is connected to the cluster at " + target.where()
                        + ": start workers first (e.g. workcluster worker --leader " + target.where() + ")");
            }
            target.workers = status.getMembersAlive();
            target.starts.watch(target.client.channel(), target.client::taskStarted, CONNECT_TIMEOUT);
            return target;
        } catch (Exception | Error e) {
            target.close();
            throw e;
        }
    }

    private GetStatusResponse status() {
        try {
            return LeaderServiceGrpc.newBlockingStub(client.channel())
                    .withDeadlineAfter(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getStatus(GetStatusRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw new IllegalStateException(
                    "cannot reach the leader at " + addresses.get(0) + ": "
                            + e.getStatus().getCode() + " " + e.getStatus().getDescription(),
                    e);
        }
    }

    private String where() {
        return String.join(",", addresses);
    }

    @Override
    public LoadClient client() {
        return client;
    }

    @Override
    public TaskStarts starts() {
        return starts;
    }

    @Override
    public boolean external() {
        return true;
    }

    @Override
    public long workers() {
        return workers;
    }

    @Override
    public void check() {
        starts.failure().ifPresent(t -> {
            throw new IllegalStateException(
                    "watching task starts on " + addresses.get(0) + " failed, so the figures " + "are incomplete: "
                            + t.getMessage(),
                    t);
        });
    }

    @Override
    public void close() throws InterruptedException {
        starts.close();
        client.close();
    }
}
