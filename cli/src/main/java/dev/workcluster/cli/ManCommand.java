package dev.workcluster.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code workcluster man --dir DIR}: writes a manual page per command ({@code workcluster.1}, {@code
 * workcluster-schedule.1}, ...) into DIR, made from the annotations the help comes from ({@link ManPage}).
 */
@Command(
        name = "man",
        mixinStandardHelpOptions = true,
        description = {
            "Write the manual pages (workcluster.1, workcluster-VERB.1) into a directory and list them.",
            "Install: workcluster man --dir ~/.local/share/man/man1, then: man workcluster-schedule"
        })
public final class ManCommand implements Callable<Integer> {
    @Option(
            names = "--dir",
            paramLabel = "DIR",
            required = true,
            description = "Where to write the pages (made if missing), e.g. ~/.local/share/man/man1.")
    Path dir;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(dir);
        String version = VersionProvider.version();
        for (CommandLine command : Main.documentedCommands(Main.newCommandLine())) {
            Path file = dir.resolve(ManPage.fileName(command));
            Files.writeString(file, ManPage.render(command, version), StandardCharsets.UTF_8);
            spec.commandLine().getOut().println(file);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
