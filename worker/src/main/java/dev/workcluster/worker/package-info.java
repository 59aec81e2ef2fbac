/**
 * The workcluster worker library: turn your own code into a worker of a workcluster
 * cluster.
 *
 * <p>Write a {@link dev.workcluster.worker.TaskHandler}, describe the cluster with
 * {@link dev.workcluster.worker.WorkerOptions}, and {@link dev.workcluster.worker.Worker#start
 * start} a {@link dev.workcluster.worker.Worker}:
 *
 * <pre>{@code
 * import dev.workcluster.worker.*;
 *
 * public final class EchoWorker {
 *     public static void main(String[] args) throws InterruptedException {
 *         WorkerOptions options = WorkerOptions.newBuilder()
 *                 .setLeaderAddresses("localhost:50051")
 *                 .setSlots(2)
 *                 .build();
 *         Worker worker = Worker.start(options, context -> {
 *             for (int step = 0; step < 10; step++) {
 *                 context.throwIfCancelled();   // the leader may stop the task
 *                 Thread.sleep(100);            // or be interrupted: same effect
 *             }
 *             return "echo: " + context.payload();
 *         });
 *         worker.installShutdownHook();         // drain on SIGTERM
 *         worker.awaitTermination();
 *     }
 * }
 * }</pre>
 *
 * <p>What a handler can rely on:
 * <ul>
 *   <li>Returning reports the result; throwing reports an error and the leader retries
 *       the task up to its maximum attempts; throwing
 *       {@link dev.workcluster.worker.NonRetryableTaskException} fails the task at once.</li>
 *   <li>When the leader cancels a task, or the worker's shutdown grace runs out, the
 *       context reports {@link dev.workcluster.worker.TaskContext#isCancelled() cancelled}
 *       and the handler's thread is interrupted. Nothing it returns afterwards is reported.</li>
 *   <li>Execution is at-least-once: make handlers idempotent.</li>
 * </ul>
 *
 * <p>By default the worker holds one bidirectional session stream to the leader
 * ({@link dev.workcluster.worker.Transport#STREAM}) and needs no inbound port.
 * {@link dev.workcluster.worker.Transport#PUSH} keeps the original push-mode wiring.
 * Everything in {@code dev.workcluster.worker.internal} is private to the library.
 */
package dev.workcluster.worker;
