package dev.workcluster.cli.ops;

import dev.workcluster.proto.scheduler.v1.TaskStatus;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** scheduled|pending|running|completed|error|cancelled, any case. */
public final class TaskStatusConverter implements ITypeConverter<TaskStatus> {
    @Override
    public TaskStatus convert(String value) {
        try {
            TaskStatus status = TaskStatus.valueOf("TASK_STATUS_" + value.trim().toUpperCase(Locale.ROOT));
            if (status != TaskStatus.TASK_STATUS_UNSPECIFIED) {
                return status;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new TypeConversionException(
                "'" + value + "' is not a task status (scheduled, pending, running, completed, error, cancelled)");
    }
}
