package dev.workcluster.cli.ops;

import dev.workcluster.client.TaskPriority;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** low|medium|high, any case. */
public final class TaskPriorityConverter implements ITypeConverter<TaskPriority> {
    @Override
    public TaskPriority convert(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "low" -> TaskPriority.LOW;
            case "medium" -> TaskPriority.MEDIUM;
            case "high" -> TaskPriority.HIGH;
            default -> throw new TypeConversionException("'" + value + "' is not a task priority (low, medium, high)");
        };
    }
}
