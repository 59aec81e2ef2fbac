package dev.workcluster.cli.demo;

import dev.workcluster.cli.handlers.SleepHandler;
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
            sleep.run("sleep " + FLAKY_MILLIS + "ms", context);
            throw new FlakyFailure("flaky by design: attempt " + context.attempt() + " fails, the retry succeeds");
        }
        return sleep.run(payload.substring(FLAKY.length()), context);
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
