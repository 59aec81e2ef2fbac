package dev.workcluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.workcluster.testkit.Program;
import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bin/workcluster as a user runs it, on the CLI jar this build packaged: it makes the start-up cache
 * with a JDK 25 once, reuses it after, makes it again for a newer jar, and runs without it when told
 * to, with an older JDK, or when the cache is unusable; it answers help from texts the CLI wrote,
 * without a JVM, and runs short commands with the JIT's first tier only.
 */
class LauncherTest {
    private static final Path LAUNCHER =
            Path.of("..", "bin", "workcluster").toAbsolutePath().normalize();
    private static final Path JAR =
            Path.of("..", "cli", "target", "workcluster.jar").toAbsolutePath().normalize();
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    private static final String VERSION_LINE = "workcluster ";
    /** A class of the CLI's own, which only the cache can have loaded from "shared objects file". */
    private static final String FROM_CACHE = "dev.workcluster.cli.Main source: shared objects file";

    private Path cacheDir;

    @BeforeEach
    void setUp() throws Exception {
        assumeThat(JAR).as("the CLI jar (packaged before this module's tests)").exists();
        cacheDir = TemporaryDirectories.create("aot-cache");
    }

    @AfterEach
    void tearDown() {
        TemporaryDirectories.delete(cacheDir);
    }

    /** One test, in the order a user meets these cases, so the cache (about 20 s to make) is made twice, not four times. */
    @Test
    void makesTheCacheOnceStartsFromItIgnoresADamagedOneAndRemakesAStaleOne() throws Exception {
        assertThat(JDK_25).as("machines of this kind have Temurin 25").isExecutable();
        Program.Run first = launch(JDK_25, "--version");
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.stdout()).startsWith(VERSION_LINE).hasLineCount(1);
        assertThat(first.stderr()).contains("making the start-up cache");
        Path cache = onlyCache();
        FileTime made = Files.getLastModifiedTime(cache);

        Program.Run second = launch(JDK_25, "--version", "-Xlog:class+load");
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.stderr()).isEmpty();
        assertThat(second.stdout()).contains(FROM_CACHE);
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(made);

        Files.write(cache, new byte[4096]); // damaged, and newer than the jar: kept, and refused by the JVM
        Program.Run damaged = launch(JDK_25, "--version", "-Xlog:class+load");
        assertThat(damaged.exit()).as(damaged.output()).isZero();
        assertThat(damaged.stdout()).contains(VERSION_LINE).doesNotContain(FROM_CACHE);

        Files.setLastModifiedTime(
                cache, FileTime.fromMillis(Files.getLastModifiedTime(JAR).toMillis() - 60_000));
        Program.Run stale = launch(JDK_25, "--version", "-Xlog:class+load");
        assertThat(stale.exit()).as(stale.output()).isZero();
        assertThat(stale.stderr()).contains("making the start-up cache");
        assertThat(stale.stdout()).contains(FROM_CACHE);
        assertThat(Files.getLastModifiedTime(cache).toMillis())
                .isGreaterThan(Files.getLastModifiedTime(JAR).toMillis());
    }

    @Test
    void helpRunsWithoutTheCache() throws Exception {
        assertThat(launch(JDK_25, "--version").exit()).isZero();
        Program.Run help = launcher(JDK_25, "--help")
                .withEnv("WORKCLUSTER_JAVA_OPTS", "-Xlog:class+load")
                .run();
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.stdout()).contains("Usage: workcluster").doesNotContain(FROM_CACHE);
    }

    @Test
    void runsWithoutACacheWhenToldToOrOnAnOlderJdk() throws Exception {
        Program.Run off = launcher(JDK_25, "--version")
                .withEnv("WORKCLUSTER_AOT_CACHE", "off")
                .run();
        assertThat(off.exit()).as(off.output()).isZero();
        assertThat(off.stdout()).startsWith(VERSION_LINE);
        assertThat(off.stderr()).isEmpty();

        assumeThat(JDK_17).isExecutable();
        Program.Run old = launch(JDK_17, "--version");
        assertThat(old.exit()).as(old.output()).isZero();
        assertThat(old.stdout()).startsWith(VERSION_LINE);
        assertThat(old.stderr()).isEmpty();
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void answersHelpFromTextsTheCliWroteWithoutStartingAJvm() throws Exception {
        Program.Run fromJvm = launcher(JDK_25, "schedules", "create", "--help")
                .withEnv("WORKCLUSTER_HELP_CACHE", "off")
                .run();
        assertThat(fromJvm.exit()).as(fromJvm.output()).isZero();
        assertThat(fromJvm.stdout()).startsWith("Usage: workcluster schedules create");

        Program.Run first = launcher(JDK_25, "schedules", "create", "--help").run();
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.stdout()).isEqualTo(fromJvm.stdout());
        Path texts = cacheDir.resolve("workcluster-help");
        assertThat(texts.resolve("workcluster_schedules_create.txt")).exists();

        // the texts exist now: no java is needed to answer help, none is there to run
        Path noJava = cacheDir.resolve("no-such-jdk/bin/java");
        for (String[] help : new String[][] {{"schedules", "create", "--help"}, {"help", "queues"}, {"-h"}}) {
            Program.Run run = launcher(noJava, help).run();
            assertThat(run.exit())
                    .as("%s: %s", String.join(" ", help), run.output())
                    .isZero();
            assertThat(run.stdout()).startsWith("Usage: workcluster");
        }
        assertThat(launcher(noJava, "--version").run().exit())
                .as("a command that is not help needs the JVM")
                .isNotZero();

        // texts older than the jar are written again
        Files.setLastModifiedTime(
                texts.resolve("workcluster.txt"),
                FileTime.fromMillis(Files.getLastModifiedTime(JAR).toMillis() - 60_000));
        assertThat(launcher(JDK_25, "--help").run().stdout()).startsWith("Usage: workcluster ");
        assertThat(Files.getLastModifiedTime(texts.resolve("workcluster.txt")).toMillis())
                .isGreaterThan(Files.getLastModifiedTime(JAR).toMillis());
    }

    /** Short commands end before the JIT's second tier pays off; the long-running ones get it. */
    @Test
    void shortCommandsRunWithTheFirstJitTierOnly() throws Exception {
        Program.Run shortOne = launcher(JDK_25, "--version")
                .withEnv("WORKCLUSTER_AOT_CACHE", "off")
                .withEnv("WORKCLUSTER_JAVA_OPTS", "-XX:+PrintFlagsFinal")
                .run();
        assertThat(shortOne.stdout()).containsPattern("TieredStopAtLevel\\s+= 1 ");
        Program.Run leader = launcher(JDK_25, "leader", "--help")
                .withEnv("WORKCLUSTER_AOT_CACHE", "off")
                .withEnv("WORKCLUSTER_JAVA_OPTS", "-XX:+PrintFlagsFinal")
                .run();
        assertThat(leader.stdout()).containsPattern("TieredStopAtLevel\\s+= 4 ").contains("Usage: workcluster leader");
    }

    private Program.Run launch(Path java, String args, String... jvmOptions) throws Exception {
        Program launcher = launcher(java, args);
        if (jvmOptions.length > 0) {
            launcher.withEnv("WORKCLUSTER_JAVA_OPTS", String.join(" ", jvmOptions));
        }
        return launcher.run();
    }

    private Program launcher(Path java, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return Program.of(command)
                .withEnv("WORKCLUSTER_JAVA", java.toString())
                .withEnv("WORKCLUSTER_CACHE_DIR", cacheDir.toString())
                .withEnv("WORKCLUSTER_NO_BUILD", "1")
                .withTimeout(Duration.ofMinutes(3));
    }

    private Path onlyCache() throws Exception {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(file -> file.toString().endsWith(".aot"))
                    .findFirst()
                    .orElseThrow();
        }
    }
}
