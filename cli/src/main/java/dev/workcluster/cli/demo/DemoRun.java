package dev.workcluster.cli.demo;

import dev.workcluster.cli.client.AllTasks;
import dev.workcluster.cli.client.TaskMessages;
import dev.workcluster.cli.watch.Interrupts;
import dev.workcluster.cli.watch.LinesOutput;
import dev.workcluster.cli.watch.LiveOutput;
import dev.workcluster.cli.watch.WatchLines;
import dev.workcluster.cli.watch.WatchLoop;
import dev.workcluster.cli.watch.WatchNodes;
import dev.workcluster.cli.watch.WatchOutput;
import dev.workcluster.cli.watch.WatchView;
import dev.workcluster.client.ClientOptions;
import dev.workcluster.client.TaskSpec;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.Task;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** One run of the demo, start to stop; whatever goes wrong becomes a line of the summary. */
final class DemoRun {
    private static final Duration STEP = Duration.ofSeconds(15);

    private final DemoPlan plan;
    private final PrintWriter out;
    private final boolean live;
    private final DemoProgress progress;
    private final List<String> problems = new ArrayList<>();
    private volatile boolean interrupted;

    DemoRun(DemoPlan plan, PrintWriter out, boolean live) {
        this.plan = plan;
        this.out = out;
        this.live = live;
        this.progress = new DemoProgress(plan);
    }

    DemoSummary run(long startedNanos) {
        DemoCluster cluster = null;
        Map<String, Task> finals = Map.of();
        try (Interrupts ctrlC = Interrupts.onCtrlC(() -> {
            interrupted = true;
            progress.abort();
        })) {
            cluster = DemoCluster.startLeader();
            out.println("leader ready on " + cluster.address() + "; starting the workers");
            out.flush();
            finals = watchWhileRunning(cluster);
        } catch (Step failed) {
            problems.add(failed.getMessage());
        } catch (Exception e) {
            problems.add("the demo failed: " + e);
        } finally {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception e) {
                    problems.add("stopping the cluster failed: " + e);
                }
            }
        }
        if (interrupted) {
            problems.add(0, "interrupted (Ctrl-C)");
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - startedNanos);
        return DemoSummary.of(plan, finals, problems, wall);
    }

    private Map<String, Task> watchWhileRunning(DemoCluster cluster) throws Exception {
        WatchLines lines = new WatchLines(ZoneId.systemDefault());
        WatchOutput display = live
                ? LiveOutput.onTerminal(
                        out,
                        new WatchView(
                                "workcluster demo",
                                "Ctrl-C to abort (the demo still stops what it started)",
                                Set.of(),
                                lines))
                : new DemoLines(new LinesOutput(out, lines));
        ClientOptions options = ClientOptions.of(cluster.address())
                .withCallTimeout(Duration.ofSeconds(10))
                .withRetryFor(Duration.ofSeconds(10));
        try (WorkClient client = WorkClient.connect(options)) {
            WatchNodes nodes = new WatchNodes(client, List.of(cluster.address()), Duration.ofSeconds(5));
            WatchLoop loop = new WatchLoop(nodes, display, Set.of(), 0).onEvent(progress);
            Thread watcher = new Thread(loop::run, "demo-watch");
            watcher.setDaemon(true);
            watcher.start();
            try {
                step(progress.await(progress::watching, STEP), "the progress display could not watch the leader");
                cluster.startWorkers(new DemoHandler());
                step(
                        progress.await(() -> progress.membersAlive() == DemoCluster.WORKERS, STEP),
                        "not all " + DemoCluster.WORKERS + " workers joined within " + STEP.toSeconds() + "s");
                schedule(client, loop);
                Duration work = Duration.ofSeconds(20)
                        .plusMillis(3 * plan.workMillis() / (DemoCluster.WORKERS * DemoCluster.SLOTS - 1));
                step(
                        progress.await(
                                () -> progress.running(DemoPlan.LONG_TASK) && progress.finished() >= plan.size() / 3,
                                work),
                        DemoPlan.LONG_TASK + " was not running when a third of the tasks had finished");
                client.cancel(DemoPlan.LONG_TASK);
                loop.notice("cancelled " + DemoPlan.LONG_TASK + " while it was running");
                step(
                        progress.await(progress::allFinished, work),
                        "not every task finished within " + work.toSeconds() + "s");
                loop.notice("every task has finished; stopping the workers and the leader");
                return finals(client);
            } finally {
                loop.stop();
                watcher.join(TimeUnit.SECONDS.toMillis(5));
            }
        }
    }

    /** In one call, so the leader queues them together and the priorities show. */
    private void schedule(WorkClient client, WatchLoop loop) {
        List<TaskSpec> specs = new ArrayList<>();
        for (DemoPlan.Planned planned : plan.tasks()) {
            specs.add(new TaskSpec(
                    planned.id(), planned.payload(), TaskMessages.priority(planned.priority()), DemoPlan.MAX_ATTEMPTS));
        }
        client.scheduleAll(specs);
        loop.notice("scheduled " + plan.size() + " tasks");
    }

    /** The planned tasks as the leader has them now. */
    private Map<String, Task> finals(WorkClient client) {
        Map<String, Task> finals = AllTasks.read(client);
        finals.keySet()
                .retainAll(plan.tasks().stream().map(DemoPlan.Planned::id).toList());
        return finals;
    }

    private void step(boolean done, String otherwise) {
        if (!done) {
            throw new Step(interrupted ? "interrupted" : otherwise);
        }
    }

    /** A step that did not happen in time. */
    private static final class Step extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Step(String message) {
            super(message, null, false, false);
        }
    }
}
