package dev.workcluster.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Raises the log level of the embedded leader, workers, Ratis and gRPC to ERROR while a bench runs. */
final class QuietLogs implements AutoCloseable {
    private static final String[] NOISY = {"dev.workcluster", "org.apache.ratis", "io.grpc"};

    private final Logger[] loggers = new Logger[NOISY.length];
    private final Level[] levels = new Level[NOISY.length];
    private static final String[] NOISY_JUL = {"io.grpc", "org.apache.ratis.thirdparty.io.grpc"};

    private final java.util.logging.Logger[] jul = new java.util.logging.Logger[NOISY_JUL.length];
    private final java.util.logging.Level[] julLevels = new java.util.logging.Level[NOISY_JUL.length];

    QuietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (int i = 0; i < NOISY.length; i++) {
                loggers[i] = context.getLogger(NOISY[i]);
                levels[i] = loggers[i].getLevel();
                loggers[i].setLevel(Level.ERROR);
            }
        }
        for (int i = 0; i < NOISY_JUL.length; i++) {
            jul[i] = java.util.logging.Logger.getLogger(NOISY_JUL[i]);
            julLevels[i] = jul[i].getLevel();
            jul[i].setLevel(java.util.logging.Level.SEVERE);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < NOISY.length; i++) {
            if (loggers[i] != null) {
                loggers[i].setLevel(levels[i]);
            }
        }
        for (int i = 0; i < NOISY_JUL.length; i++) {
            jul[i].setLevel(julLevels[i]);
        }
    }
}
