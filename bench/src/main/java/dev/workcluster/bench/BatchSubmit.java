package dev.workcluster.bench;

import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.TaskCounts;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client's burst: {@code tasks} no-op tasks submitted with ScheduleTasks, {@code batch} per call and
 * at most {@code outstanding} calls in flight, then waiting until the cluster has finished as many
 * tasks as it acknowledged. Elapsed time runs from the first submit until the node submitted to
 * reports them finished; then the acknowledged tasks that did not end COMPLETED are counted.
 */
final class BatchSubmit {
    static final String PAYLOAD = ExternalTarget.PAYLOAD;
    private static final long CALL_DEADLINE_SECONDS = 60;

    private final SubmitTargets targets;
    private final String idPrefix = "burst-" + Long.toString(System.nanoTime(), 36) + "-";
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    BatchSubmit(SubmitTargets targets) {
        this.targets = targets;
    }

    /**
     * Runs the burst and returns its figures as {@code name → value}.
     *
     * @param stall gives up waiting when no task finished for this long
     * @param cap   gives up waiting after this long in any case
     */
    Map<String, Object> run(int tasks, int batch, int outstanding, Duration stall, Duration cap)
            throws InterruptedException {
        long finishedBefore = finished(counts());
        Semaphore calls = new Semaphore(outstanding);
        long from = System.nanoTime();
        for (int next = 0; next < tasks; next += batch) {
            calls.acquire();
            ScheduleTasksRequest.Builder request = ScheduleTasksRequest.newBuilder();
            for (int i = next; i < Math.min(tasks, next + batch); i++) {
                request.addTasks(Task.newBuilder().setId(idPrefix + i).setPayload(PAYLOAD));
            }
            send(request.build(), 0, calls::release);
        }
        calls.acquire(outstanding); // every call answered
        long submittedAt = System.nanoTime();
        AtomicLong finished = new AtomicLong();
        boolean allFinished = Polling.untilStalled(
                () -> {
                    finished.set(finished(counts()) - finishedBefore);
                    return finished.get() >= acknowledged.size();
                },
                finished::get,
                stall,
                cap);
        long endedAt = System.nanoTime();
        LostTasks lost = LostTasks.find(acknowledged, targets.current());

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("tasks", (long) tasks);
        figures.put("acknowledged", (long) acknowledged.size());
        figures.put("rejected", rejected.get());
        figures.put("completed", acknowledged.size() - lost.count());
        figures.put("lost", lost.count());
        figures.put("all_finished", allFinished);
        figures.put("submit_s", (submittedAt - from) / 1e9);
        figures.put("elapsed_s", (endedAt - from) / 1e9);
        figures.put("retried", targets.retried());
        if (firstError.get() != null) {
            figures.put("first_error", firstError.get());
        }
        return figures;
    }

    private void send(ScheduleTasksRequest request, int retries, Runnable answered) {
        ManagedChannel target = targets.current();
        SchedulerServiceGrpc.newStub(target)
                .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .scheduleTasks(request, new StreamObserver<>() {
                    @Override
                    public void onNext(ScheduleTasksResponse value) {
                        value.getTasksList().forEach(task -> acknowledged.add(task.getId()));
                    }

                    @Override
                    public void onError(Throwable t) {
                        Runnable again = () -> send(request, retries + 1, answered);
                        if (!targets.retryElsewhere(target, t, retries + 1, again)) {
                            rejected.addAndGet(request.getTasksCount());
                            firstError.compareAndSet(null, t.getMessage());
                            answered.run();
                        }
                    }

                    @Override
                    public void onCompleted() {
                        answered.run();
                    }
                });
    }

    private TaskCounts counts() {
        return LeaderServiceGrpc.newBlockingStub(targets.current())
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getStatus(GetStatusRequest.getDefaultInstance())
                .getTasks();
    }

    private static long finished(TaskCounts counts) {
        return counts.getCompleted() + counts.getError() + counts.getCancelled();
    }
}
