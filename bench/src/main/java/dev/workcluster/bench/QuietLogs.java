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
    private final java.util.logging.Logger grpc = java.util.logging.Logger.getLogger("io.grpc");
    private final java.util.logging.Level grpcLevel = grpc.getLevel();

    QuietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (int i = 0; i < NOISY.length; i++) {
                loggers[i] = context.getLogger(NOISY[i]);
                levels[i] = loggers[i].getLevel();
                loggers[i].setLevel(Level.ERROR);
            }
        }
        grpc.setLevel(java.util.logging.Level.SEVERE);
    }

    @Override
    public void close() {
        for (int i = 0; i < NOISY.length; i++) {
            if (loggers[i] != null) {
                loggers[i].setLevel(levels[i]);
            }
        }
        grpc.setLevel(grpcLevel);
    }
}
