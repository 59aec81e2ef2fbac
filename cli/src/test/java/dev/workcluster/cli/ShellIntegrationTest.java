package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.testkit.Program;
import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Shell completion and manual pages, checked by the real bash, zsh and man. */
class ShellIntegrationTest {
    private Path dir;

    @BeforeEach
    void makeDir() throws Exception {
        dir = TemporaryDirectories.create("shell");
    }

    @AfterEach
    void deleteDir() {
        TemporaryDirectories.delete(dir);
    }

    @ParameterizedTest(name = "[{index}] workcluster {0}<TAB> offers {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'sch'                    | schedule",
                "'me'                     | members",
                "'schedule --pri'         | --priority",
                "'tasks --st'             | --status",
                "'--log-format '          | json",
                "'schedules '             | create",
                "'schedules '             | resume",
                "'schedules create --ov'  | --overlap",
                "'schedules create --overlap ' | cancel-previous",
                "'qu'                     | queues",
                "'queues '                | set",
                "'queues set q --max'     | --max-running",
                "'schedule --qu'          | --queue",
                "'worker --qu'            | --queue",
            })
    void bashCompletesVerbsOptionsAndValues(String typed, String offered) throws Exception {
        Path script = script("bash");
        // The words as bash splits the line; a trailing space starts an empty word.
        String line = "workcluster " + typed;
        String words = String.join(" ", line.split(" ")) + (line.endsWith(" ") ? " ''" : "");
        Program.Run run = Program.of(
                        "bash",
                        "-c",
                        "source " + script + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=("
                                + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); "
                                + "_complete_workcluster 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"")
                .run();
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.stdout().lines()).contains(offered);
    }

    @Test
    void zshRegistersTheCompletionThroughItsBashEmulation() throws Exception {
        Path script = script("zsh");
        Program.Run run = Program.of(
                        "zsh",
                        "-f",
                        "-c",
                        "autoload -U +X compinit && compinit -u -D; source " + script
                                + "; print -r -- \"${_comps[workcluster]}\"")
                .run();
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("_complete_workcluster");
    }

    @Test
    void manWritesAPagePerCommandThatManRendersWithEveryOption() throws Exception {
        CliRun written = CliRun.of("man", "--dir", dir.toString());
        assertThat(written.exit()).as(written.err()).isZero();
        List<CommandLine> commands = Main.documentedCommands(Main.newCommandLine());
        assertThat(written.out().lines()).hasSize(commands.size());
        for (CommandLine command : commands) {
            Path page = dir.resolve(ManPage.fileName(command));
            assertThat(written.out().lines()).contains(page.toString());
            Program.Run shown = Program.of("man", "--warnings", "-l", "-P", "cat", page.toString())
                    .withEnv("MANWIDTH", "200")
                    .run();
            assertThat(shown.exit()).as(shown.output()).isZero();
            assertThat(shown.stderr()).as("roff warnings in " + page).isEmpty();
            String text = shown.stdout().replaceAll(".\b", "");
            assertThat(text).contains(command.getCommandSpec().qualifiedName(" "));
            for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
                if (!option.hidden()) {
                    assertThat(text)
                            .as(page + " documents " + option.longestName())
                            .contains(option.longestName());
                }
            }
        }
        assertThat(Files.readString(dir.resolve("workcluster.1"))).contains("workcluster\\-schedule");
        assertThat(Files.readString(dir.resolve("workcluster-schedules.1")))
                .as("a verb's page lists its own verbs")
                .contains("workcluster\\-schedules\\-create", "workcluster\\-schedules\\-delete");
        assertThat(written.out().lines())
                .contains(dir.resolve("workcluster-schedules-create.1").toString());
        assertThat(Files.readString(dir.resolve("workcluster-queues.1")))
                .contains("workcluster\\-queues\\-list", "workcluster\\-queues\\-get", "workcluster\\-queues\\-set");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "completion fish     | Invalid value for positional parameter at index 0 (bash|zsh): expected one of [BASH, ZSH]",
                "completion          | Missing required parameter: 'bash|zsh'",
                "man                 | Missing required option: '--dir=DIR'",
            })
    void badInputIsAUsageError(String line, String message) {
        CliRun run = CliRun.of(line.trim().split(" +"));
        assertThat(run.exit()).isEqualTo(Main.EXIT_USAGE_OR_UNREACHABLE);
        assertThat(run.err()).contains(message);
    }

    @Test
    void aDirectoryThatCannotBeMadeFailsWithItsName() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        CliRun run = CliRun.of("man", "--dir", file.resolve("man1").toString());
        assertThat(run.exit()).isEqualTo(Main.EXIT_FAILED);
        assertThat(run.err()).contains("a-file");
    }

    private Path script(String shell) throws Exception {
        CliRun run = CliRun.of("completion", shell);
        assertThat(run.exit()).as(run.err()).isZero();
        return Files.writeString(dir.resolve("workcluster." + shell), run.out());
    }
}
