package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.JvmLaunch;
import dev.workcluster.testkit.Program;
import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help cache bin/workcluster answers {@code --help} from: one text per documented command, the same as
 * {@code --help} and {@code help VERB} print, and the same whatever the environment says.
 */
class HelpTextsTest {
    /** Names of environment variables as the help texts mention them: WORKCLUSTER_LEADER, ... */
    private static final Pattern ENV_NAME = Pattern.compile("\\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\\b");

    private static final Pattern ANSI_CODE = Pattern.compile("\u001B\\[[0-9;]*m");

    private Path dir;

    @BeforeEach
    void makeDir() throws Exception {
        dir = TemporaryDirectories.create("help-texts");
    }

    @AfterEach
    void deleteDir() {
        TemporaryDirectories.delete(dir);
    }

    @Test
    void holdsWhatHelpPrintsForEveryDocumentedCommand() throws Exception {
        CliRun written = CliRun.of(HelpTexts.NAME, dir.toString());
        assertThat(written.exit()).as(written.err()).isZero();

        List<CommandLine> documented = Main.documentedCommands(Main.newCommandLine());
        assertThat(documented).hasSizeGreaterThan(15);
        for (CommandLine command : documented) {
            List<String> words = words(command);
            String text = Files.readString(dir.resolve(HelpTexts.fileName(command) + ".txt"));
            assertThat(text)
                    .as("help of %s", words)
                    .startsWith("Usage: " + command.getCommandSpec().qualifiedName());

            assertThat(CliRun.of(with(words, "--help")).out())
                    .as("%s --help", words)
                    .isEqualTo(text);
            if (words.size() <= 1) { // picocli's help command looks at its first word only
                assertThat(CliRun.of(with(List.of("help"), words.toArray(String[]::new)))
                                .out())
                        .as("help %s", words)
                        .isEqualTo(text);
            }
            String coloured = Files.readString(dir.resolve(HelpTexts.fileName(command) + ".ansi"));
            assertThat(coloured).as("coloured help of %s", words).contains("\u001B[");
            assertThat(ANSI_CODE.matcher(coloured).replaceAll("")).isEqualTo(text);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(2 * documented.size());
        }
    }

    /** A default shown in a help text must not come from the environment, or the cache would show someone else's. */
    @Test
    void doNotDependOnTheEnvironment() throws Exception {
        assertThat(CliRun.of(HelpTexts.NAME, dir.resolve("plain").toString()).exit())
                .isZero();
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir.resolve("plain"))) {
            for (Path file : files.toList()) {
                Matcher name = ENV_NAME.matcher(Files.readString(file));
                while (name.find()) {
                    names.add(name.group());
                }
            }
        }
        assertThat(names).contains("WORKCLUSTER_LEADER", "WORKCLUSTER_DATA_DIR", "WORKCLUSTER_BIND");
        // help-texts' own option, parsed when it runs: given a valid value below, not an odd one
        names.remove("WORKCLUSTER_LOG_FORMAT");

        Program program = Program.of(JvmLaunch.of(
                        Main.class.getName(), HelpTexts.NAME, dir.resolve("env").toString())
                .command());
        for (String name : names) {
            program = program.withEnv(name, "9" + name.toLowerCase(java.util.Locale.ROOT));
        }
        Program.Run run = program.withEnv("WORKCLUSTER_LOG_FORMAT", "json").run();
        assertThat(run.exit()).as(run.output()).isZero();
        try (Stream<Path> files = Files.list(dir.resolve("plain"))) {
            for (Path file : files.toList()) {
                assertThat(dir.resolve("env").resolve(file.getFileName()))
                        .as("%s with %s set", file.getFileName(), names)
                        .hasSameTextualContentAs(file);
            }
        }
    }

    /** The words after "workcluster": [] for the top, [schedules, create] for a verb's verb. */
    private static List<String> words(CommandLine command) {
        List<String> words = new ArrayList<>(
                Arrays.asList(command.getCommandSpec().qualifiedName().split(" ")));
        words.remove(0);
        return words;
    }

    private static String[] with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
