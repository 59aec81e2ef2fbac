package dev.workcluster.bench.chaos;

import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.Transport;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One worker process of a chaos run. Args: {@code WORKER_ID STREAM|PUSH SLOTS HISTORY_DIR LEADERS [PUSH_HOST PUSH_PORT]}.
 * Payload {@code run MS}: the handler works MS milliseconds. Every run is journaled (start,
 * then end with its result) to the history's {@code runs-WORKER_ID.jsonl}, line by line, so
 * the history survives a SIGKILL.
 * The process ends when its stdin closes: the orchestrator's death takes its workers along.
 */
public final class ChaosWorkerMain {
    private ChaosWorkerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && args.length != 7) {
            throw new IllegalArgumentException(
                    "usage: WORKER_ID STREAM|PUSH SLOTS HISTORY_DIR LEADERS [PUSH_HOST PUSH_PORT], got "
                            + Arrays.toString(args));
        }
        String workerId = args[0];
        RunJournal journal = RunJournal.open(Path.of(args[3]), workerId);
        WorkerOptions.Builder options = WorkerOptions.newBuilder()
                .setWorkerId(workerId)
                .setTransport(Transport.valueOf(args[1]))
                .setSlots(Integer.parseInt(args[2]))
                .setLeaderAddresses(Arrays.asList(args[4].split(",")))
                .setShutdownGrace(Duration.ofSeconds(2));
        if (args.length == 7) {
            options.setPushAdvertisedAddress(args[5] + ":" + args[6]).setPushListenPort(Integer.parseInt(args[6]));
        }
        Worker worker = Worker.start(options.build(), new RecordingHandler(journal, ChaosWorkerMain::work));
        exitWhenStdinCloses(worker);
        worker.awaitTermination();
    }

    /** Payload {@code run MS}: works MS milliseconds, and stops when interrupted. */
    private static String work(TaskContext context) throws InterruptedException {
        String[] words = context.payload().split(" ");
        long millis = words.length == 2 && words[0].equals("run") ? Long.parseLong(words[1]) : 0;
        new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS); // stands in for work that can be interrupted
        return "done";
    }

    private static void exitWhenStdinCloses(Worker worker) {
        Thread watcher = new Thread(
                () -> {
                    try (InputStream in = System.in) {
                        while (in.read() >= 0) {
                            // the orchestrator writes nothing; only the end of the stream matters
                        }
                    } catch (IOException e) {
                        // a broken pipe ends it the same way
                    }
                    worker.shutdown(Duration.ofSeconds(1));
                    System.exit(0);
                },
                "stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
