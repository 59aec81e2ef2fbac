package dev.workcluster.cli.demo;

import dev.workcluster.cli.handlers.SleepHandler;
import dev.workcluster.worker.TaskCancelledException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;

/**
 * The demo workers' handler: the built-in sleep handler ({@code sleep 300ms}), plus
 * {@code flaky <payload>}, which works a little, fails its first attempt, and runs
 * {@code <payload>} on the retry.
 */
final class DemoHandler implements TaskHandler {
    static final long FLAKY_MILLIS = 150;
    private static final String FLAKY = "flaky ";

    private final SleepHandler sleep = new SleepHandler();

    @Override
    public String handle(TaskContext context) throws Exception {
        String payload = context.payload().strip();
        if (!payload.startsWith(FLAKY)) {
            return sleep.handle(context);
        }
        if (context.attempt() <= 1) {
            sleep.handle(withPayload(context, "sleep " + FLAKY_MILLIS + "ms"));
            throw new FlakyFailure("flaky by design: attempt " + context.attempt() + " fails, the retry succeeds");
        }
        return sleep.handle(withPayload(context, payload.substring(FLAKY.length())));
    }

    private static TaskContext withPayload(TaskContext context, String payload) {
        return new TaskContext() {
            @Override
            public String taskId() {
                return context.taskId();
            }

            @Override
            public String payload() {
                return payload;
            }

            @Override
            public int attempt() {
                return context.attempt();
            }

            @Override
            public int maxAttempts() {
                return context.maxAttempts();
            }

            @Override
            public boolean isCancelled() {
                return context.isCancelled();
            }

            @Override
            public void throwIfCancelled() throws TaskCancelledException {
                context.throwIfCancelled();
            }
        };
    }

    /** Recorded as its message alone (the library records a failure's toString()). */
    static final class FlakyFailure extends Exception {
        private static final long serialVersionUID = 1L;

        FlakyFailure(String message) {
            super(message);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
