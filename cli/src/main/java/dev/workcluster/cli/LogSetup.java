package dev.workcluster.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The CLI's logging, set up in code when the first logger is asked for (logback finds this class
 * through {@code META-INF/services}): one line per event on stderr, so stdout stays for command
 * output, in the {@link LogFormat} the command chose. Code instead of a logback.xml because parsing
 * XML costs a short command about a tenth of its run. A {@code -Dlogback.configurationFile} still
 * wins: this steps aside for it.
 *
 * <p>Levels: {@code WORKCLUSTER_LOG_LEVEL} (default INFO) for everything, {@code
 * WORKCLUSTER_RAFT_LOG_LEVEL} (default WARN) for Apache Ratis, WARN for gRPC; each a system property
 * or else an environment variable of that name.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} level=%level logger=%logger{0} %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, LogFormat.inEffect()));
        stderr.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(stderr);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level("WORKCLUSTER_LOG_LEVEL", Level.INFO));
        context.getLogger("org.apache.ratis").setLevel(level("WORKCLUSTER_RAFT_LOG_LEVEL", Level.WARN));
        context.getLogger("io.grpc").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        if (format == LogFormat.JSON) {
            // The message as the text line shows it, plus logback's kvpList of a task line's fields.
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }

    /** The level a property or environment variable names; an unknown name falls back, as logback's does. */
    private static Level level(String name, Level fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return Level.toLevel(value, fallback);
    }
}
