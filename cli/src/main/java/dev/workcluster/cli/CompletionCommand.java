package dev.workcluster.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code workcluster completion bash|zsh}: prints the shell completion script, which picocli
 * generates from the same annotations as the help, so it knows every verb and option. One script
 * serves both shells: under zsh it loads zsh's bash-completion emulation first.
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print the shell completion script for bash or zsh.",
            "bash: workcluster completion bash > ~/.local/share/bash-completion/completions/workcluster",
            "zsh:  echo 'source <(workcluster completion zsh)' >> ~/.zshrc"
        })
public final class CompletionCommand implements Callable<Integer> {
    enum Shell {
        BASH,
        ZSH
    }

    static final class ShellNames extends LowerCaseNames {
        ShellNames() {
            super(Shell.class);
        }
    }

    @Parameters(
            paramLabel = "bash|zsh",
            completionCandidates = ShellNames.class,
            description = "The shell: bash or zsh.")
    Shell shell;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("workcluster", Main.newCommandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
