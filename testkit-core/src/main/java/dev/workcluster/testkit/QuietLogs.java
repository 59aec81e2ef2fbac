package dev.workcluster.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Quiets the logs of an embedded leader, its workers, Ratis and gRPC (logback, and gRPC's
 * java.util.logging) while something whose own output is what people read runs in the same JVM;
 * {@link #close()} puts the levels back.
 *
 * <pre>{@code
 * try (QuietLogs quiet = QuietLogs.errorsOnly()) {
 *     // ... run a benchmark against an EmbeddedCluster
 * }
 * }</pre>
 */
public final class QuietLogs implements AutoCloseable {
    private static final List<String> NOISY = List.of("dev.workcluster", "org.apache.ratis", "io.grpc");
    private static final List<String> NOISY_JUL = List.of("io.grpc", "org.apache.ratis.thirdparty.io.grpc");

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    /** Held while quiet: java.util.logging forgets the level of a logger nobody references. */
    private final List<java.util.logging.Logger> julLoggers = new ArrayList<>();

    private final List<java.util.logging.Level> julLevels = new ArrayList<>();

    private QuietLogs() {}

    /** Errors only, from the leader, the workers, Ratis and gRPC: what a benchmark's run shows. */
    public static QuietLogs errorsOnly() {
        return new QuietLogs().set(NOISY, Level.ERROR, java.util.logging.Level.SEVERE);
    }

    /**
     * Nothing at all, unless {@code verbose}: a routine "worker reconnecting" warning would only alarm
     * the reader of the demo, whose own output is the product.
     */
    public static QuietLogs silentUnless(boolean verbose) {
        QuietLogs quiet = new QuietLogs();
        if (verbose) {
            return quiet;
        }
        List<String> all = new ArrayList<>(NOISY);
        all.add(org.slf4j.Logger.ROOT_LOGGER_NAME);
        return quiet.set(all, Level.OFF, java.util.logging.Level.OFF);
    }

    private QuietLogs set(List<String> names, Level level, java.util.logging.Level julLevel) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (String name : names) {
                Logger logger = context.getLogger(name);
                loggers.add(logger);
                levels.add(logger.getLevel());
                logger.setLevel(level);
            }
        }
        for (String name : NOISY_JUL) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            julLoggers.add(logger);
            julLevels.add(logger.getLevel());
            logger.setLevel(julLevel);
        }
        return this;
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).setLevel(levels.get(i));
        }
        for (int i = 0; i < julLoggers.size(); i++) {
            julLoggers.get(i).setLevel(julLevels.get(i));
        }
    }
}
