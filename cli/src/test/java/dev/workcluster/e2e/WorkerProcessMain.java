package dev.workcluster.e2e;

import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.worker.Worker;
import dev.workcluster.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A library worker in its own process, for tests that kill it: args are leader
 * address, worker id, slots. Payload {@code sleep N} sleeps N ms. Prints
 * {@code started TASK} to stdout when a task starts, {@code ended TASK} when its handler
 * returns, {@code interrupted TASK} when it was stopped.
 */
public final class WorkerProcessMain {
    private WorkerProcessMain() {}

    /** How to start one: 256 MB of heap, enough for a worker. */
    static JvmLaunch launch(String leaderAddress, String workerId, int slots) {
        return JvmLaunch.of(WorkerProcessMain.class.getName(), leaderAddress, workerId, Integer.toString(slots))
                .withJvmOptions(List.of("-Xmx256m"));
    }

    public static void main(String[] args) throws InterruptedException {
        WorkerOptions options = WorkerOptions.newBuilder()
                .setLeaderAddresses(args[0])
                .setWorkerId(args[1])
                .setSlots(Integer.parseInt(args[2]))
                .setHeartbeatInterval(Duration.ofMillis(200))
                .build();
        Worker worker = Worker.start(options, context -> {
            System.out.println("started " + context.taskId());
            System.out.flush();
            String[] words = context.payload().split(" ");
            if (words.length == 2 && words[0].equals("sleep")) {
                try {
                    new CountDownLatch(1).await(Long.parseLong(words[1]), TimeUnit.MILLISECONDS); // stands in for work
                } catch (InterruptedException e) {
                    System.out.println("interrupted " + context.taskId());
                    System.out.flush();
                    throw e;
                }
            }
            System.out.println("ended " + context.taskId());
            System.out.flush();
            return "done by " + args[1];
        });
        System.out.println("worker " + args[1] + " started");
        System.out.flush();
        worker.awaitTermination();
    }
}
