package dev.workcluster.cli.ops;

import dev.workcluster.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** A CLI run in the background whose output can be read while it runs (StringWriter is thread-safe). */
final class WatchRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    static WatchRun start(String... args) {
        WatchRun run = new WatchRun();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(run.out, true));
        cli.setErr(new PrintWriter(run.err, true));
        Thread thread = new Thread(() -> run.exit.complete(cli.execute(args)), "watch-run");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** The exit code; fails the test if the command is still running after 30 s. */
    int awaitExit() throws Exception {
        return exit.get(30, TimeUnit.SECONDS);
    }
}
