package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class VerbsTest {
    @Test
    void theTableRepeatsEachCommandsNameAndAliases() {
        for (Verbs.Verb verb : Verbs.ALL) {
            CommandLine.Model.CommandSpec spec = new CommandLine(verb.command().get()).getCommandSpec();
            assertThat(spec.name()).isEqualTo(verb.name());
            assertThat(List.of(spec.aliases())).isEqualTo(verb.aliases());
        }
    }

    @Test
    void theFullCommandLineHasEveryVerbThenBenchAndHelp() {
        Map<String, CommandLine> subcommands = Main.newCommandLine().getSubcommands();
        List<String> names = subcommands.values().stream()
                .map(CommandLine::getCommandName)
                .distinct()
                .toList();
        assertThat(names)
                .containsExactlyElementsOf(java.util.stream.Stream.concat(
                                Verbs.ALL.stream().map(Verbs.Verb::name), java.util.stream.Stream.of("bench", "help"))
                        .toList());
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "members                      | members",
                "--log-format json tasks -o json | tasks",
                "--log-format=json task x     | task",
                "add payload                  | schedule",
                "remove some-id               | cancel",
                "schedules pause some-id      | schedules",
                "queues set q --weight 2      | queues",
                "help schedule                | none",
                "bench throughput             | none",
                "--help                       | none",
                "--version                    | none",
                "membres                      | none",
                "--log-format members         | none",
            })
    void findsTheVerbACommandLineNames(String line, String verb) {
        Optional<Verbs.Verb> named = Verbs.named(line.trim().split(" +"));
        assertThat(named.map(Verbs.Verb::name)).isEqualTo(Optional.ofNullable(verb));
    }

    @Test
    void aCommandLineThatNamesAVerbRunsItAsTheFullOneWould() {
        String[] args = {"schedule", "--help"};
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine lazy = Main.newCommandLine(new BenchJarCommand(), args);
        lazy.setOut(new java.io.PrintWriter(out));
        assertThat(lazy.execute(args)).isZero();
        assertThat(lazy.getSubcommands()).containsOnlyKeys("schedule", "add");
        assertThat(out.toString())
                .isEqualTo(
                        Main.newCommandLine().getSubcommands().get("schedule").getUsageMessage());
    }
}
