package dev.workcluster.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ParseResult;

/**
 * How the command's log lines look on stderr: {@code text}, key=value lines, or {@code json}, one JSON
 * object per line. logback.xml picks its appender from the system property {@link #PROPERTY}; the flag
 * (or the environment variable behind its default) becomes that property before the command runs.
 */
public enum LogFormat {
    TEXT,
    JSON;

    static final String OPTION = "--log-format";
    static final String PROPERTY = "WORKCLUSTER_LOG_FORMAT";
    /** The context property logback.xml records the format it configured with in. */
    private static final String CONFIGURED = "workcluster.log.format";

    /** The name logback.xml's appender has, and the flag's value. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format {@link #apply} put in effect ({@code text} before it ran). */
    static LogFormat inEffect() {
        return valueOf(System.getProperty(PROPERTY, "text").toUpperCase(Locale.ROOT));
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
     * Makes logback write in this format. Before anything logged it only sets the property logback.xml
     * reads; if logging was configured earlier with another format, logback.xml is read again.
     */
    void apply() {
        System.setProperty(PROPERTY, value());
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        String configured = context.getProperty(CONFIGURED);
        URL config = LogFormat.class.getResource("/logback.xml");
        // Only the CLI's own logback.xml knows the property; any other configuration is left as it is.
        if (configured == null || configured.equals(value()) || config == null) {
            return;
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("logback.xml did not load again for the " + value() + " format", e);
        }
    }
}
