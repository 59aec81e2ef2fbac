package dev.workcluster.cli.handlers;

import dev.workcluster.worker.TaskCancelledException;
import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * {@code --handler exec}: runs each payload as a shell command ({@code /bin/sh -c payload}).
 * The result is {@code exit 0}, a newline and the last 4 KiB of the command's combined
 * stdout and stderr. A non-zero exit fails the attempt (so the leader retries) with the
 * exit code and the same tail as the error. Cancellation terminates the command and every
 * process it started.
 *
 * <p>This runs whatever any scheduler client sends, with this worker's privileges, which
 * is why {@code workcluster worker} refuses it without {@code --allow-exec}.
 */
public final class ExecHandler implements TaskHandler {
    /** Bytes of output kept for the result. */
    public static final int DEFAULT_TAIL_BYTES = 4096;

    private static final Logger log = LoggerFactory.getLogger(ExecHandler.class);
    /** How often the cancelled flag is checked, in case cancellation comes without an interrupt. */
    private static final long POLL_MILLIS = 25;
    /** How long a terminated command may take to exit before it is killed. */
    private static final long TERMINATE_GRACE_MILLIS = 1000;
    /** How long to wait for output still buffered in the pipe after the command exits. */
    private static final long OUTPUT_WAIT_MILLIS = 500;

    private final int tailBytes;

    /** Keeps the last {@value #DEFAULT_TAIL_BYTES} bytes of output. */
    public ExecHandler() {
        this(DEFAULT_TAIL_BYTES);
    }

    /** Keeps the last {@code tailBytes} bytes of output. */
    ExecHandler(int tailBytes) {
        this.tailBytes = tailBytes;
    }

    @Override
    public String handle(TaskContext context) throws Exception {
        context.throwIfCancelled();
        Process process = new ProcessBuilder("/bin/sh", "-c", context.payload())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close(); // a command that reads stdin gets end-of-file, not a hang
        OutputTail tail = new OutputTail(tailBytes);
        Thread reader = new Thread(() -> tail.drain(process.getInputStream()), "exec-output-" + context.taskId());
        reader.setDaemon(true);
        reader.start();
        int exit = awaitExit(process, context);
        // A background child may keep the pipe open for ever: take what has arrived and move on.
        reader.join(OUTPUT_WAIT_MILLIS);
        String report = "exit " + exit + "\n" + tail.text();
        if (exit != 0) {
            throw new TaskFailure(report);
        }
        return report;
    }

    private static int awaitExit(Process process, TaskContext context) throws InterruptedException {
        try {
            while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (context.isCancelled()) {
                    throw new TaskCancelledException("task " + context.taskId() + " cancelled");
                }
            }
            return process.exitValue();
        } catch (InterruptedException | TaskCancelledException e) {
            terminate(process, context);
            if (e instanceof InterruptedException && !context.isCancelled()) {
                throw (InterruptedException) e;
            }
            throw new TaskCancelledException("task " + context.taskId() + " cancelled; its command was terminated");
        }
    }

    /** SIGTERM to the command and its descendants, SIGKILL to whatever outlives the grace. */
    private static void terminate(Process process, TaskContext context) {
        // Children are listed before the shell dies: once orphaned they are no longer its descendants.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERMINATE_GRACE_MILLIS);
        // Polled rather than onExit(): the JDK notices a grandchild's exit only after seconds of backoff.
        while (tree.stream().anyMatch(ExecHandler::running) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break; // asked to hurry: kill at once
            }
        }
        long killed = tree.stream()
                .filter(ExecHandler::running)
                .filter(ProcessHandle::destroyForcibly)
                .count();
        // The fields of the worker library's own lines about the run, so a grep for the task finds this too;
        // as there, a number the worker was not told (0: push mode) is left out.
        LoggingEventBuilder event = log.atInfo().addKeyValue("task_id", context.taskId());
        StringBuilder fields = new StringBuilder("task_id=").append(context.taskId());
        if (context.attempt() != 0) {
            event = event.addKeyValue("attempt", context.attempt());
            fields.append(" attempt=").append(context.attempt());
        }
        if (context.assignment() != 0) {
            event = event.addKeyValue("assignment", context.assignment());
            fields.append(" assignment=").append(context.assignment());
        }
        event.log("event=exec_terminated {} pid={} processes={} killed={}", fields, process.pid(), tree.size(), killed);
    }

    /**
     * Like {@link ProcessHandle#isAlive()}, except that a zombie counts as ended: an orphan
     * killed here stays a zombie until init reaps it, which in a container may be never.
     */
    static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            // "pid (command) state ...": the command may contain spaces and parentheses, so find the last ')'
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return handle.isAlive(); // no /proc (not Linux), or the process just went away
        }
    }
}
