package dev.workcluster.cli.ops;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The library worker's handler in these tests: {@code echo:TEXT} returns TEXT,
 * {@code fail} throws (retryable), {@code fail-permanently} throws a non-retryable
 * two-line error, {@code block} runs until released or cancelled; anything else returns "done".
 */
final class TestHandler implements TaskHandler {
    private final CountDownLatch release = new CountDownLatch(1);

    void releaseAll() {
        release.countDown();
    }

    @Override
    public String handle(TaskContext context) throws Exception {
        String payload = context.payload();
        if (payload.startsWith("echo:")) {
            return payload.substring("echo:".length());
        }
        switch (payload) {
            case "fail" -> throw new IllegalStateException("failed on purpose, attempt " + context.attempt());
            case "fail-permanently" ->
                throw new NonRetryableTaskException("cannot ever work\n  because: the disk is full");
            case "block" -> {
                while (!release.await(10, TimeUnit.MILLISECONDS)) {
                    context.throwIfCancelled();
                }
            }
            default -> {}
        }
        return "done";
    }
}
