package dev.workcluster.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Parameters;

/**
 * {@code workcluster help-texts DIR} (hidden): writes what {@code --help} prints for every documented
 * command, plain ({@code workcluster_schedules_create.txt}) and coloured for a terminal ({@code .ansi}),
 * so that {@code bin/workcluster} can answer {@code --help} and {@code help VERB} without starting a
 * JVM. The texts depend on nothing but the annotations: no option shows a default taken from the
 * environment ({@code HelpTextsTest} keeps it so).
 */
@Command(
        name = HelpTexts.NAME,
        hidden = true,
        description = "Write the help of every command into a directory (for the launcher's help cache).")
public final class HelpTexts implements Callable<Integer> {
    static final String NAME = "help-texts";

    @Parameters(paramLabel = "DIR", description = "Where to write the texts (made if missing).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        for (CommandLine command : Main.documentedCommands(Main.newCommandLine())) {
            String name = fileName(command);
            Files.writeString(dir.resolve(name + ".txt"), command.getUsageMessage(Ansi.OFF), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(name + ".ansi"), command.getUsageMessage(Ansi.ON), StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** The words that name the command joined by '_': {@code workcluster_schedules_create}. */
    static String fileName(CommandLine command) {
        return command.getCommandSpec().qualifiedName("_");
    }
}
