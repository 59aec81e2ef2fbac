package dev.workcluster.cli;

import java.util.Locale;
import picocli.CommandLine.ParseResult;

/**
 * How the command's log lines look on stderr: {@code text}, key=value lines, or {@code json}, one JSON
 * object per line. {@link LogSetup} picks its encoder from the system property {@link #PROPERTY}; the flag
 * (or the environment variable behind its default) becomes that property before the command runs.
 */
public enum LogFormat {
    TEXT,
    JSON;

    static final String OPTION = "--log-format";

    /** What shell completion offers for {@link #OPTION}. */
    static final class Names extends LowerCaseNames {
        Names() {
            super(LogFormat.class);
        }
    }

    static final String PROPERTY = "WORKCLUSTER_LOG_FORMAT";

    /** The flag's value. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format {@link #apply} put in effect; before it ran (code that logs outside a command), the
     * environment variable's, and {@code text} when that is unset or names no format.
     */
    static LogFormat inEffect() {
        String value = System.getProperty(PROPERTY, System.getenv(PROPERTY));
        return JSON.value().equalsIgnoreCase(value) ? JSON : TEXT;
    }

    /**
     * The format the command line chose: the flag where it was given (on the top-level command or a
     * subcommand, the last one wins), else its default, the environment variable or {@code text}.
     */
    static LogFormat chosen(ParseResult parsed) {
        LogFormat chosen = null;
        for (ParseResult command = parsed; command != null; command = command.subcommand()) {
            if (command.hasMatchedOption(OPTION)) {
                chosen = command.matchedOptionValue(OPTION, chosen);
            }
        }
        if (chosen != null) {
            return chosen;
        }
        LogFormat fallback = parsed.commandSpec().findOption(OPTION).getValue();
        return fallback == null ? TEXT : fallback;
    }

    /**
     * Makes logback write in this format: sets the property {@link LogSetup} reads when logging starts. Nothing
     * has logged before the command runs (logback starts with the first logger a command's code asks for),
     * so this needs no reconfiguration, and a command that never logs never pays for starting logback.
     */
    void apply() {
        System.setProperty(PROPERTY, value());
    }
}
