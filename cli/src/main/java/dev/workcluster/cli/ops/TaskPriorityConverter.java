package dev.workcluster.cli.ops;

import dev.workcluster.proto.scheduler.v1.TaskPriority;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** low|medium|high, any case. */
public final class TaskPriorityConverter implements ITypeConverter<TaskPriority> {
    @Override
    public TaskPriority convert(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "low" -> TaskPriority.TASK_PRIORITY_LOW;
            case "medium" -> TaskPriority.TASK_PRIORITY_MEDIUM;
            case "high" -> TaskPriority.TASK_PRIORITY_HIGH;
            default -> throw new TypeConversionException("'" + value + "' is not a task priority (low, medium, high)");
        };
    }
}
