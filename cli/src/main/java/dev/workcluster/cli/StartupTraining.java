package dev.workcluster.cli;

import dev.workcluster.testkit.FreePorts;
import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.testkit.JvmProcess;
import dev.workcluster.testkit.LeaderProcess;
import dev.workcluster.testkit.TemporaryDirectories;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code workcluster startup-training} (hidden): runs every short command once, as {@link Main} runs
 * them, against a leader and a worker, printing nothing. {@code bin/workcluster} runs it under JDK
 * 25's {@code -XX:AOTCacheOutput}, so the AOT cache it leaves holds the classes, linkage and method
 * profiles those commands need, and later commands start from it instead of loading, verifying and
 * interpreting several thousand classes each time. The leader and the worker run in processes of
 * their own: the JVM loads every class of the cache when it starts, so a leader's classes in it
 * would cost each short command more than the cache saves.
 */
@Command(
        name = StartupTraining.NAME,
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Run every short command once against an in-process cluster (for the start-up cache).")
public final class StartupTraining implements Callable<Integer> {
    static final String NAME = "startup-training";
    private static final Duration START = Duration.ofMinutes(2);

    @Override
    public Integer call() throws Exception {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        CommandLine all = Main.newCommandLine();
        nowhere.print(all.getUsageMessage());
        all.getSubcommands().values().forEach(command -> nowhere.print(command.getUsageMessage()));
        Path dir = TemporaryDirectories.create("startup-training");
        int port = FreePorts.next();
        String leader = "--leader=127.0.0.1:" + port;
        try (LeaderProcess node = LeaderProcess.start(
                        dir,
                        "leader",
                        JvmLaunch.of(
                                Main.class.getName(),
                                List.of(
                                        "leader",
                                        "--data-dir",
                                        dir.resolve("data").toString(),
                                        "--port",
                                        "" + port,
                                        "--rpc-port",
                                        "" + FreePorts.next(),
                                        "--raft-port",
                                        "" + FreePorts.next(),
                                        "--http-port",
                                        "0",
                                        "--bind",
                                        "127.0.0.1")));
                JvmProcess worker = JvmProcess.start(
                        JvmLaunch.of(Main.class.getName(), "worker", leader, "--id", "trainer", "--handler", "echo"),
                        dir.resolve("worker.log"))) {
            node.awaitReady(START);
            for (List<String> command : List.of(
                    List.of("--help"),
                    List.of("--version"),
                    List.of("schedule", leader, "--id", "training-1", "hello"),
                    List.of("schedule", leader, "--wait", "--wait-timeout", "60s", "hello again"),
                    List.of("schedule", leader, "-o", "json", "--priority", "high", "once more"),
                    List.of("task", leader, "training-1"),
                    List.of("task", leader, "-o", "json", "training-1"),
                    List.of("tasks", leader, "--limit", "10"),
                    List.of("tasks", leader, "-o", "json", "--limit", "10"),
                    List.of("members", leader),
                    List.of("members", leader, "-o", "json"),
                    List.of("queues", "list", leader),
                    List.of("queues", "list", leader, "-o", "json"),
                    List.of("cancel", leader, "training-1"),
                    List.of("status", leader),
                    List.of("health", leader),
                    List.of("task", leader, "no-such-task"))) {
                run(command.toArray(String[]::new), nowhere);
            }
        } finally {
            TemporaryDirectories.delete(dir);
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
