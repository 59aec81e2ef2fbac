package dev.workcluster.bench.chaos;

import dev.workcluster.worker.TaskCancelledException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;

/**
 * A handler that journals every run of the handler it wraps: the start before calling it,
 * the end after it returns or throws. A run that was cancelled or interrupted ends
 * {@code interrupted} whatever it returned, since the library does not report it.
 * The assignment number is the library's ({@link TaskContext#assignment()}; 0 in push mode).
 */
public final class RecordingHandler implements TaskHandler {
    private final RunJournal journal;
    private final TaskHandler handler;

    public RecordingHandler(RunJournal journal, TaskHandler handler) {
        this.journal = journal;
        this.handler = handler;
    }

    @Override
    public String handle(TaskContext context) throws Exception {
        journal.start(context.taskId(), context.attempt(), context.assignment());
        RunEvent.Result result = RunEvent.Result.ERROR;
        try {
            String output = handler.handle(context);
            result = context.isCancelled() ? RunEvent.Result.INTERRUPTED : RunEvent.Result.OK;
            return output;
        } catch (Exception e) {
            boolean stopped =
                    context.isCancelled() || e instanceof InterruptedException || e instanceof TaskCancelledException;
            result = stopped ? RunEvent.Result.INTERRUPTED : RunEvent.Result.ERROR;
            throw e;
        } finally {
            journal.end(context.taskId(), context.attempt(), context.assignment(), result);
        }
    }
}
