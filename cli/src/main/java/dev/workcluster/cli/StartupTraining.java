package dev.workcluster.cli;

import dev.workcluster.cli.handlers.Handlers;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.worker.WorkerOptions;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code workcluster startup-training} (hidden): runs every short command once, as {@link Main} runs
 * them, against a leader and a worker in this process, printing nothing. {@code bin/workcluster}
 * runs it under JDK 25's {@code -XX:AOTCacheOutput}, so the AOT cache it leaves holds the classes,
 * linkage and method profiles those commands need, and later commands start from it instead of
 * loading, verifying and interpreting several thousand classes each time.
 */
@Command(
        name = StartupTraining.NAME,
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Run every short command once against an in-process cluster (for the start-up cache).")
public final class StartupTraining implements Callable<Integer> {
    static final String NAME = "startup-training";

    @Override
    public Integer call() throws Exception {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine all = Main.newCommandLine();
        nowhere.print(all.getUsageMessage());
        all.getSubcommands().values().forEach(command -> nowhere.print(command.getUsageMessage()));
        try (EmbeddedCluster cluster = EmbeddedCluster.start("startup-training", config -> config)) {
            cluster.startWorker(
                    WorkerOptions.newBuilder().setWorkerId("trainer").setSlots(2), Handlers.builtIn("echo", false));
            String leader = "--leader=" + cluster.address();
            for (List<String> command : List.of(
                    List.of("--help"),
                    List.of("--version"),
                    List.of("schedule", leader, "--id", "training-1", "hello"),
                    List.of("schedule", leader, "--wait", "--wait-timeout", "30s", "hello again"),
                    List.of("schedule", leader, "-o", "json", "--priority", "high", "once more"),
                    List.of("task", leader, "training-1"),
                    List.of("task", leader, "-o", "json", "training-1"),
                    List.of("tasks", leader, "--limit", "10"),
                    List.of("tasks", leader, "-o", "json", "--limit", "10"),
                    List.of("members", leader),
                    List.of("members", leader, "-o", "json"),
                    List.of("cancel", leader, "training-1"),
                    List.of("status", leader),
                    List.of("health", leader),
                    List.of("task", leader, "no-such-task"))) {
                run(command.toArray(String[]::new), nowhere);
            }
        }
        return 0;
    }

    private static void run(String[] args, PrintWriter nowhere) {
        CommandLine command = Main.newCommandLine(new BenchJarCommand(), args);
        command.setOut(nowhere);
        command.setErr(nowhere);
        command.execute(args);
    }
}
