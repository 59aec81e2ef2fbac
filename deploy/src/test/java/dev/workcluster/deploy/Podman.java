package dev.workcluster.deploy;

import dev.workcluster.testkit.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs containers with the {@code podman} command (Debian's podman, no daemon), as root.
 *
 * <p>Two choices make it work on our CI machines, which are VMs with cgroups in hybrid mode:
 * {@code runc} as the runtime where it is installed (podman's default, crun, refuses hybrid
 * cgroups), and explicit, lowered open-file and process limits (the VM refuses to let a
 * runtime set the process limit to podman's default).
 */
final class Podman {
    /** What a command printed (stdout and stderr together) and how it exited. */
    record Result(int exitCode, String output) {
        Result orThrow(List<String> command) {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ": " + output);
            }
            return this;
        }
    }

    private final List<String> podman;

    private Podman(List<String> podman) {
        this.podman = podman;
    }

    /** Podman as this machine can run it; fails naming what to install when it cannot. */
    static Podman onThisMachine() {
        if (!onPath("podman")) {
            throw new IllegalStateException("podman is not installed, and the image tests run the image with it: "
                    + "install it (apt-get install podman runc, as .ci/run does)");
        }
        List<String> podman = new ArrayList<>(List.of("podman"));
        if (onPath("runc")) {
            podman.addAll(List.of("--runtime", "runc"));
        }
        return new Podman(podman);
    }

    /** Loads a {@code docker load} tarball; returns the image name podman gives it. */
    String load(Path tarball) throws IOException, InterruptedException {
        String output = run(Duration.ofMinutes(2), "load", "-i", tarball.toString())
                .orThrow(List.of("podman load"))
                .output();
        return output.lines()
                .filter(line -> line.startsWith("Loaded image: "))
                .map(line -> line.substring("Loaded image: ".length()).trim())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("podman load named no image: " + output));
    }

    /** Builds {@code dockerfile} in {@code context} as {@code tag}, in Docker's format (the one that keeps HEALTHCHECK). */
    void build(Path context, Path dockerfile, String tag, List<String> buildArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("build", "--layers=false", "--format", "docker", "-f", dockerfile.toString(), "-t", tag));
        buildArgs.forEach(arg -> command.addAll(List.of("--build-arg", arg)));
        command.add(context.toString());
        run(Duration.ofMinutes(5), command.toArray(String[]::new)).orThrow(command);
    }

    /** {@code podman image inspect}: the image's JSON, whose "Config" holds what a container starts with. */
    String inspectImage(String image) throws IOException, InterruptedException {
        List<String> command = List.of("image", "inspect", image);
        return run(Duration.ofSeconds(30), command.toArray(String[]::new))
                .orThrow(command)
                .output();
    }

    /** Runs a container to its end and returns what it printed and its exit code. */
    Result runToEnd(String image, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "run",
                "--rm",
                "--network",
                "none",
                "--ulimit",
                "nofile=4096:4096",
                "--ulimit",
                "nproc=4096:4096",
                image));
        command.addAll(args);
        return run(Duration.ofMinutes(1), command.toArray(String[]::new));
    }

    /** Starts a container in the background: {@code options} before the image, {@code args} after it. */
    void start(String name, List<String> options, String image, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("run", "-d", "--name", name, "--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"));
        command.addAll(options);
        command.add(image);
        command.addAll(args);
        run(Duration.ofMinutes(1), command.toArray(String[]::new)).orThrow(command);
    }

    /** Runs {@code command} in a running container. */
    Result exec(String container, List<String> command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("exec", container));
        args.addAll(command);
        return run(Duration.ofSeconds(60), args.toArray(String[]::new));
    }

    /** What ECS does to stop a task: SIGTERM, then SIGKILL after {@code timeout}. Returns the exit code. */
    int stop(String container, Duration timeout) throws IOException, InterruptedException {
        List<String> command = List.of("stop", "-t", Long.toString(timeout.toSeconds()), container);
        run(timeout.plusSeconds(30), command.toArray(String[]::new)).orThrow(command);
        return Integer.parseInt(run(Duration.ofSeconds(30), "inspect", container, "--format", "{{.State.ExitCode}}")
                .output()
                .trim());
    }

    String logs(String container) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(30), "logs", container).output();
    }

    /** Removes containers (with their anonymous volumes) or an image; quietly, for cleanup. */
    void remove(List<String> containers, String image) throws IOException, InterruptedException {
        for (String container : containers) {
            run(Duration.ofSeconds(60), "rm", "-f", "-v", container);
        }
        if (image != null) {
            run(Duration.ofSeconds(60), "rmi", "-f", image);
        }
    }

    private Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(podman);
        command.addAll(List.of(args));
        Program.Run run = Program.of(command).withTimeout(timeout).run();
        return new Result(run.exit(), run.output());
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
