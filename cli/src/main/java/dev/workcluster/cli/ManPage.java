package dev.workcluster.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's manual page in roff (man(7)), written from the picocli model the help comes from, so the
 * two never disagree: NAME, SYNOPSIS, DESCRIPTION, the arguments and options, and the verbs of the
 * top-level command.
 */
final class ManPage {
    private ManPage() {}

    /** The file name of {@code command}'s page: {@code workcluster.1}, {@code workcluster-schedule.1}. */
    static String fileName(CommandLine command) {
        return pageName(command) + ".1";
    }

    static String render(CommandLine command, String version) {
        CommandSpec spec = command.getCommandSpec();
        StringBuilder page = new StringBuilder();
        String name = pageName(command);
        page.append(".TH \"")
                .append(name.toUpperCase(java.util.Locale.ROOT))
                .append("\" 1 \"\" \"workcluster ")
                .append(escape(version))
                .append("\" \"workcluster manual\"\n");
        String[] description = spec.usageMessage().description();
        page.append(".SH NAME\n")
                .append(escape(name))
                .append(" \\- ")
                .append(escape(description.length == 0 ? "" : description[0]))
                .append('\n');
        page.append(".SH SYNOPSIS\n.nf\n")
                .append(escape(command.getHelp().synopsis(0).stripTrailing()))
                .append("\n.fi\n");
        if (description.length > 1) {
            page.append(".SH DESCRIPTION\n");
            for (String line : description) {
                page.append(".PP\n").append(escape(line)).append('\n');
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream()
                .filter(parameter -> !parameter.hidden())
                .toList();
        if (!positionals.isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            positionals.forEach(parameter -> item(page, "\\fI" + escape(parameter.paramLabel()) + "\\fR", parameter));
        }
        List<OptionSpec> options =
                spec.options().stream().filter(option -> !option.hidden()).toList();
        if (!options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            options.forEach(option -> item(page, optionTerm(option), option));
        }
        Map<String, CommandLine> verbs = command.getSubcommands().entrySet().stream()
                .filter(verb -> verb.getKey().equals(verb.getValue().getCommandName()))
                .filter(verb -> !verb.getValue().getCommandSpec().usageMessage().hidden())
                .collect(Collectors.toMap(
                        Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
        if (!verbs.isEmpty()) {
            page.append(".SH COMMANDS\n");
            verbs.forEach((verb, sub) -> {
                String[] lines = sub.getCommandSpec().usageMessage().description();
                page.append(".TP\n\\fB")
                        .append(escape(verb))
                        .append("\\fR\n")
                        .append(escape(lines.length == 0 ? "" : lines[0]))
                        .append(" See \\fB")
                        .append(escape(pageName(sub)))
                        .append("\\fR(1).\n");
            });
        }
        if (command.getParent() != null) {
            page.append(".SH SEE ALSO\n\\fBworkcluster\\fR(1)\n");
        }
        return page.toString();
    }

    private static String pageName(CommandLine command) {
        return command.getCommandSpec().qualifiedName("-");
    }

    private static String optionTerm(OptionSpec option) {
        String names = List.of(option.names()).stream()
                .map(name -> "\\fB" + escape(name) + "\\fR")
                .collect(Collectors.joining(", "));
        return option.arity().max() > 0 ? names + "=\\fI" + escape(option.paramLabel()) + "\\fR" : names;
    }

    private static void item(StringBuilder page, String term, ArgSpec arg) {
        page.append(".TP\n").append(term).append('\n');
        page.append(escape(String.join(" ", arg.description()))).append('\n');
    }

    /** Text as roff shows it literally: backslashes and dashes escaped, no line read as a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        return escaped.lines()
                .map(line -> line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line)
                .collect(Collectors.joining("\n"));
    }
}
