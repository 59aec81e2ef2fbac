package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.TaskRecord;
import dev.workcluster.leader.state.TaskStatus;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksResponse;
import dev.workcluster.proto.scheduler.v1.Task;

/** A validated GetTasks request: status filter, where to start, how many. */
final class TaskListing {
    /** A GetTasks without paging returns at most this many tasks (the seed returned all of them). */
    static final int LISTING_CAP = 10_000;
    /** Page size used when only a page token is given. */
    static final int DEFAULT_PAGE_SIZE = 1_000;
    /** Responses stay under gRPC's default 4 MiB inbound limit of clients such as grpcurl. */
    static final int MAX_RESPONSE_BYTES = 3_500_000;

    private final TaskStatus status;
    private final long after;
    private final int limit;

    private TaskListing(TaskStatus status, long after, int limit) {
        this.status = status;
        this.after = after;
        this.limit = limit;
    }

    static TaskListing of(GetTasksRequest request) {
        return new TaskListing(
                statusFilter(request),
                pageToken(request.getPageToken()),
                pageSize(request.getPageSize(), request.getPageToken()));
    }

    /** A page also ends early at {@link #MAX_RESPONSE_BYTES}, so large payloads never exceed gRPC's message limit. */
    GetTasksResponse page(ClusterState state) {
        ClusterState.TaskPage page = state.tasks(status, after, limit);
        GetTasksResponse.Builder response = GetTasksResponse.newBuilder();
        long bytes = 0;
        long lastSequence = -1;
        // One look at the members per distinct queue and selector on the page, not per task.
        java.util.Map<java.util.List<Object>, String> warnings = new java.util.HashMap<>();
        for (TaskRecord record : page.tasks()) {
            Task task = ApiMapping.task(record);
            if (record.status() == dev.workcluster.leader.state.TaskStatus.PENDING) {
                String warning = warnings.computeIfAbsent(
                        java.util.List.of(record.queue(), record.selector()), any -> state.placementWarning(record));
                if (!warning.isEmpty()) {
                    task = task.toBuilder().setWarning(warning).build();
                }
            }
            bytes += task.getSerializedSize() + 8;
            if (bytes > MAX_RESPONSE_BYTES && lastSequence >= 0) {
                return response.setNextPageToken(Long.toString(lastSequence)).build();
            }
            response.addTasks(task);
            lastSequence = record.sequence();
        }
        if (page.nextAfterSequence() >= 0) {
            response.setNextPageToken(Long.toString(page.nextAfterSequence()));
        }
        return response.build();
    }

    private static TaskStatus statusFilter(GetTasksRequest request) {
        if (!request.hasStatus() || request.getStatusValue() == 0) {
            return null;
        }
        try {
            return TaskStatus.fromWireNumber(request.getStatusValue());
        } catch (IllegalArgumentException e) {
            throw invalid("status " + request.getStatusValue() + " is not a TaskStatus");
        }
    }

    private static long pageToken(String token) {
        if (token.isEmpty()) {
            return -1;
        }
        try {
            long after = Long.parseLong(token);
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw invalid("page_token " + Requests.quote(token) + " is not a token returned by GetTasks");
    }

    /**
     * The page size a listing request asks for (shared by GetTasks and Members): 1 to the
     * cap; 0 means everything up to the cap without a token, a default page with one.
     */
    static int pageSize(int requested, String pageToken) {
        if (requested < 0 || requested > LISTING_CAP) {
            throw invalid("page_size " + requested + " must be between 1 and " + LISTING_CAP + " (0 = default)");
        }
        if (requested > 0) {
            return requested;
        }
        return pageToken.isEmpty() ? LISTING_CAP : DEFAULT_PAGE_SIZE;
    }
}
