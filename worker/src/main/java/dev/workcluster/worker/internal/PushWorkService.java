package dev.workcluster.worker.internal;

import dev.workcluster.proto.worker.v1.StartWorkRequest;
import dev.workcluster.proto.worker.v1.StartWorkResponse;
import dev.workcluster.proto.worker.v1.StopWorkRequest;
import dev.workcluster.proto.worker.v1.StopWorkResponse;
import dev.workcluster.proto.worker.v1.WorkerServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code worker.v1.WorkerService} as the seed's worker served it: StartWork takes the task
 * if the slot is free (success=false otherwise), StopWork cancels it. Push mode knows no
 * attempt numbers, so every task runs as attempt 0.
 */
final class PushWorkService extends WorkerServiceGrpc.WorkerServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(PushWorkService.class);
    private final TaskRunner runner;

    PushWorkService(TaskRunner runner) {
        this.runner = runner;
    }

    static AttemptKey key(String taskId) {
        return new AttemptKey(taskId, 0);
    }

    @Override
    public void startWork(StartWorkRequest request, StreamObserver<StartWorkResponse> response) {
        if (request.getId().isEmpty()) {
            response.onError(Status.INVALID_ARGUMENT
                    .withDescription("StartWork needs a task id, got ''")
                    .asRuntimeException());
            return;
        }
        TaskRunner.Admission admission = runner.tryStart(key(request.getId()), request.getPayload(), 0);
        boolean taken = admission == TaskRunner.Admission.STARTED || admission == TaskRunner.Admission.DUPLICATE;
        TaskLog.about(log.atInfo(), key(request.getId()))
                .log("event=start_work {} admission={} success={}", admission, taken);
        response.onNext(StartWorkResponse.newBuilder().setSuccess(taken).build());
        response.onCompleted();
    }

    @Override
    public void stopWork(StopWorkRequest request, StreamObserver<StopWorkResponse> response) {
        boolean stopped = runner.stopTask(request.getId());
        TaskLog.about(log.atInfo(), key(request.getId())).log("event=stop_work {} was_running={}", stopped);
        response.onNext(StopWorkResponse.newBuilder().setSuccess(stopped).build());
        response.onCompleted();
    }
}
