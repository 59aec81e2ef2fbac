package dev.workcluster.cli.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Silences the embedded leader's and workers' logs (logback, and gRPC's
 * java.util.logging) while the demo runs: its own output is the product, and a
 * routine "worker reconnecting" warning would only alarm. Close to restore.
 */
final class QuietLogging implements AutoCloseable {
    private final LoggerContext context;
    private final TurboFilter filter;
    private final java.util.logging.Logger grpc;
    private final java.util.logging.Level grpcLevel;

    private QuietLogging(LoggerContext context, TurboFilter filter, java.util.logging.Logger grpc) {
        this.context = context;
        this.filter = filter;
        this.grpc = grpc;
        this.grpcLevel = grpc == null ? null : grpc.getLevel();
    }

    static QuietLogging unless(boolean verbose) {
        if (verbose) {
            return new QuietLogging(null, null, null);
        }
        LoggerContext context = LoggerFactory.getILoggerFactory() instanceof LoggerContext c ? c : null;
        TurboFilter filter = null;
        if (context != null) {
            filter = new TurboFilter() {
                @Override
                public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                          Throwable t) {
                    return FilterReply.DENY;
                }
            };
            filter.setName("workcluster-demo-quiet");
            filter.start();
            context.addTurboFilter(filter);
        }
        QuietLogging quiet = new QuietLogging(context, filter, java.util.logging.Logger.getLogger("io.grpc"));
        quiet.grpc.setLevel(java.util.logging.Level.OFF);
        return quiet;
    }

    @Override
    public void close() {
        if (context != null) {
            context.getTurboFilterList().remove(filter);
        }
        if (grpc != null) {
            grpc.setLevel(grpcLevel);
        }
    }
}
