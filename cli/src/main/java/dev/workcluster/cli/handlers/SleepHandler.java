package dev.workcluster.cli.handlers;

import dev.workcluster.cli.DurationConverter;
import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskCancelledException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --handler sleep}, the default: a stand-in for real work, for demos and tests.
 *
 * <ul>
 *   <li>{@code sleep 2s}, {@code sleep 500ms}, {@code sleep 3} (seconds): sleeps that long and
 *       returns {@code slept 2s}. A duration that does not parse fails the task at once, naming it.</li>
 *   <li>{@code fail} or {@code fail <message>}: fails this attempt, so the leader retries.</li>
 *   <li>{@code fail-permanently <message>}: fails the task at once, whatever attempts it has left.</li>
 *   <li>anything else: sleeps a random 1 to 5 s, as the seed's mock worker did.</li>
 * </ul>
 *
 * <p>Cancellation ends the sleep at once (the thread is interrupted) and at the latest
 * within {@value #POLL_MILLIS} ms (the cancelled flag is polled as well).
 */
public final class SleepHandler implements TaskHandler {
    /** How often the cancelled flag is checked, in case cancellation comes without an interrupt. */
    static final long POLL_MILLIS = 25;

    private static final Pattern SLEEP = Pattern.compile("sleep\\s+(\\S+)");
    private static final Pattern ZERO = Pattern.compile("0+(ms|s|m|h)?");
    private static final Pattern FAIL = Pattern.compile("(fail|fail-permanently)(?:\\s+(.*))?", Pattern.DOTALL);

    private final Duration randomMin;
    private final Duration randomMax;

    /** Random sleeps of 1 to 5 s for payloads that name no duration. */
    public SleepHandler() {
        this(Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /** Random sleeps between {@code randomMin} and {@code randomMax}; tests use short ones. */
    SleepHandler(Duration randomMin, Duration randomMax) {
        if (randomMin.isNegative() || randomMax.compareTo(randomMin) < 0) {
            throw new IllegalArgumentException("random sleep range " + randomMin + ".." + randomMax + " is empty");
        }
        this.randomMin = randomMin;
        this.randomMax = randomMax;
    }

    @Override
    public String handle(TaskContext context) throws Exception {
        return run(context.payload(), context);
    }

    /**
     * Does what {@code payload} says on behalf of {@code context}'s task: a handler that
     * wraps this one passes the part of its payload meant for it.
     */
    public String run(String payload, TaskContext context) throws Exception {
        String wanted = payload.strip();
        Matcher fail = FAIL.matcher(wanted);
        if (fail.matches()) {
            String message = fail.group(2) == null || fail.group(2).isBlank()
                    ? "failed as the payload asked"
                    : fail.group(2).strip();
            if (fail.group(1).equals("fail")) {
                throw new TaskFailure(message);
            }
            throw new NonRetryableTaskException(message);
        }
        Matcher sleep = SLEEP.matcher(wanted);
        Duration duration = sleep.matches() ? parse(sleep.group(1)) : random();
        sleep(duration, context);
        return "slept " + DurationConverter.format(duration);
    }

    private static Duration parse(String text) {
        // "sleep 0s" is a useful no-op for throughput runs; the operator converter refuses zero.
        if (ZERO.matcher(text).matches()) {
            return Duration.ZERO;
        }
        try {
            return new DurationConverter().convert(text);
        } catch (TypeConversionException e) {
            // Retrying cannot fix a typo, and a silent random sleep would hide it.
            throw new NonRetryableTaskException("sleep: " + e.getMessage());
        }
    }

    private Duration random() {
        long millis = ThreadLocalRandom.current().nextLong(randomMin.toMillis(), randomMax.toMillis() + 1);
        return Duration.ofMillis(millis);
    }

    private static void sleep(Duration duration, TaskContext context) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            context.throwIfCancelled();
            try {
                Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                if (context.isCancelled()) {
                    throw new TaskCancelledException("task " + context.taskId() + " cancelled while sleeping");
                }
                throw e;
            }
        }
        context.throwIfCancelled();
    }
}
