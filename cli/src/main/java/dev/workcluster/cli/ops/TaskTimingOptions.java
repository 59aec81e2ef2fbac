package dev.workcluster.cli.ops;

import dev.workcluster.client.TaskSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of {@code schedule} that say when its task becomes due. A recurring schedule's tasks take
 * none: their fire times say it ({@code schedules create}).
 */
public final class TaskTimingOptions {
    @Option(
            names = "--delay",
            paramLabel = "DURATION",
            description =
                    "Hold the task SCHEDULED for DURATION by the leader's clock, then queue it " + "(up to 365 days).")
    Duration delay;

    @Option(
            names = "--at",
            paramLabel = "TIME",
            converter = InstantConverter.class,
            description = "Hold the task SCHEDULED until TIME (up to 365 days ahead, at most 5 minutes back), "
                    + "ISO-8601 with a zone, as 2026-12-24T18:00Z or 2026-12-24T19:00+01:00.")
    Instant at;

    /** The spec with these options' timing; --delay and --at exclude each other. */
    TaskSpec applyTo(TaskSpec spec, CommandLine commandLine) {
        if (delay != null && at != null) {
            throw new ParameterException(commandLine, "--delay and --at exclude each other: give one");
        }
        if (delay != null) {
            return spec.withDelay(delay);
        }
        return at == null ? spec : spec.withRunAt(at);
    }

    /** ISO-8601 date and time with a zone ({@code Z} or an offset), seconds optional. */
    public static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value
                        + "' is not a time with a zone (use e.g. 2026-12-24T18:00Z or 2026-12-24T19:00+01:00)");
            }
        }
    }
}
