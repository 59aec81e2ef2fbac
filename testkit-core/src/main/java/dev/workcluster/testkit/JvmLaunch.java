package dev.workcluster.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link JvmProcess} runs: a main class of this JVM's class path with its arguments, the new JVM's
 * options, and what to run it under (such as {@code ip netns exec NS}, which execs: the process is the
 * JVM itself, and signals reach it).
 *
 * <p>Under test, every launched JVM also gets the options of the system property {@value
 * #TEST_OPTIONS_PROPERTY} (whitespace-separated) before its own: the build sets it so the dozens of short-lived
 * leader and worker processes of the suite skip the optimising JIT compiler, whose threads would otherwise take
 * much of a two-core machine. Outside the build nothing sets it, and the bench measures the JVM as users run it.
 *
 * <pre>{@code
 * JvmLaunch launch = JvmLaunch.of("dev.workcluster.cli.Main", "leader", "--port", "50051")
 *         .withJvmOptions(List.of("-Xmx256m"));
 * }</pre>
 */
public record JvmLaunch(List<String> launcher, List<String> jvmOptions, String mainClass, List<String> args) {
    /** JVM options the test build gives every launched JVM. */
    public static final String TEST_OPTIONS_PROPERTY = "workcluster.test.childJvmOptions";

    public JvmLaunch {
        launcher = List.copyOf(launcher);
        jvmOptions = List.copyOf(jvmOptions);
        args = List.copyOf(args);
    }

    public static JvmLaunch of(String mainClass, String... args) {
        return new JvmLaunch(List.of(), List.of(), mainClass, List.of(args));
    }

    public static JvmLaunch of(String mainClass, List<String> args) {
        return new JvmLaunch(List.of(), List.of(), mainClass, args);
    }

    public JvmLaunch withJvmOptions(List<String> options) {
        return new JvmLaunch(launcher, options, mainClass, args);
    }

    public JvmLaunch withLauncher(List<String> prefix) {
        return new JvmLaunch(prefix, jvmOptions, mainClass, args);
    }

    /** The command line: launcher, this JVM's java, the options, this JVM's class path, main class, arguments. */
    public List<String> command() {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String testOptions = System.getProperty(TEST_OPTIONS_PROPERTY, "").strip();
        if (!testOptions.isEmpty()) {
            command.addAll(List.of(testOptions.split("\\s+")));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }
}
