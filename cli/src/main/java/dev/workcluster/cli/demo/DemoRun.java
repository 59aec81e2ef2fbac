package dev.workcluster.cli.demo;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import dev.workcluster.cli.client.LeaderClient;
import dev.workcluster.cli.watch.Interrupts;
import dev.workcluster.cli.watch.LinesOutput;
import dev.workcluster.cli.watch.LiveOutput;
import dev.workcluster.cli.watch.WatchLines;
import dev.workcluster.cli.watch.WatchLoop;
import dev.workcluster.cli.watch.WatchOutput;
import dev.workcluster.cli.watch.WatchView;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskResponse;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

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
        try (LeaderClient watchClient = new LeaderClient(List.of(cluster.address()), Duration.ofSeconds(5));
                LeaderClient client = new LeaderClient(List.of(cluster.address()), Duration.ofSeconds(10))) {
            WatchLoop loop = new WatchLoop(watchClient, display, Set.of(), 0).onEvent(progress);
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
                client.scheduler(stub -> stub.cancelTask(
                        CancelTaskRequest.newBuilder().setId(DemoPlan.LONG_TASK).build()));
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

    /** All at once, so the leader queues them together and the priorities show. */
    private void schedule(LeaderClient client, WatchLoop loop) throws Exception {
        SchedulerServiceGrpc.SchedulerServiceFutureStub stub = SchedulerServiceGrpc.newFutureStub(
                        client.channel(client.addresses().get(0)))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        List<ListenableFuture<ScheduleTaskResponse>> calls = new ArrayList<>();
        for (DemoPlan.Planned planned : plan.tasks()) {
            calls.add(stub.scheduleTask(ScheduleTaskRequest.newBuilder()
                    .setTask(Task.newBuilder()
                            .setId(planned.id())
                            .setPayload(planned.payload())
                            .setPriority(planned.priority())
                            .setMaxAttempts(DemoPlan.MAX_ATTEMPTS))
                    .build()));
        }
        Futures.allAsList(calls).get(STEP.toSeconds(), TimeUnit.SECONDS);
        loop.notice("scheduled " + plan.size() + " tasks");
    }

    private Map<String, Task> finals(LeaderClient client) {
        Set<String> ids = plan.tasks().stream().map(DemoPlan.Planned::id).collect(Collectors.toSet());
        return client
                .scheduler(stub -> stub.getTasks(
                        GetTasksRequest.newBuilder().setPageSize(10_000).build()))
                .getTasksList()
                .stream()
                .filter(t -> ids.contains(t.getId()))
                .collect(Collectors.toMap(Task::getId, Function.identity()));
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
