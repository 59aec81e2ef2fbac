package dev.workcluster.cli;

import dev.workcluster.cli.demo.DemoCommand;
import dev.workcluster.cli.ops.CancelCommand;
import dev.workcluster.cli.ops.HealthCommand;
import dev.workcluster.cli.ops.MembersCommand;
import dev.workcluster.cli.ops.QueuesCommand;
import dev.workcluster.cli.ops.ScheduleCommand;
import dev.workcluster.cli.ops.SchedulesCommand;
import dev.workcluster.cli.ops.StatusCommand;
import dev.workcluster.cli.ops.TaskCommand;
import dev.workcluster.cli.ops.TasksCommand;
import dev.workcluster.cli.ops.WatchCommand;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The top-level command's verbs, in the order help lists them. picocli reads a command's options by
 * reflection when the command is added, which for all of them costs a short command a good part of
 * its start-up; so a command line that names its verb gets only that one ({@link #named}).
 */
final class Verbs {
    record Verb(String name, List<String> aliases, Supplier<Object> command) {
        boolean answersTo(String word) {
            return name.equals(word) || aliases.contains(word);
        }
    }

    /** The name and aliases repeat the command's annotation, so finding the verb reads no command's annotations. */
    static final List<Verb> ALL = List.of(
            new Verb("demo", List.of(), DemoCommand::new),
            new Verb("leader", List.of(), LeaderCommand::new),
            new Verb("worker", List.of(), WorkerCommand::new),
            new Verb("members", List.of(), MembersCommand::new),
            new Verb("tasks", List.of(), TasksCommand::new),
            new Verb("task", List.of(), TaskCommand::new),
            new Verb("schedule", List.of("add"), ScheduleCommand::new),
            new Verb("schedules", List.of(), SchedulesCommand::new),
            new Verb("queues", List.of(), QueuesCommand::new),
            new Verb("cancel", List.of("remove"), CancelCommand::new),
            new Verb("watch", List.of(), WatchCommand::new),
            new Verb("status", List.of(), StatusCommand::new),
            new Verb("health", List.of(), HealthCommand::new),
            new Verb("completion", List.of(), CompletionCommand::new),
            new Verb("man", List.of(), ManCommand::new),
            new Verb(StartupTraining.NAME, List.of(), StartupTraining::new),
            new Verb(HelpTexts.NAME, List.of(), HelpTexts::new));

    private Verbs() {}

    /**
     * The verb {@code args} run: their first word that is not an option of the top-level command (whose
     * one option with a value is {@link LogFormat#OPTION}). Empty when that word is no verb here
     * ({@code help}, {@code bench}, a typo), which needs them all.
     */
    static Optional<Verb> named(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(LogFormat.OPTION)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return ALL.stream().filter(verb -> verb.answersTo(arg)).findFirst();
            }
        }
        return Optional.empty();
    }
}
