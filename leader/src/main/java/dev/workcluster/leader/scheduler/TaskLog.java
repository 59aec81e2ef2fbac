package dev.workcluster.leader.scheduler;

import org.slf4j.spi.LoggingEventBuilder;

/**
 * The fields of every leader log line about a task: {@code task_id}, {@code attempt} and {@code assignment},
 * the same names the worker library logs, so one grep for a task id finds its whole story across the
 * leader's log and its workers'. They go into the message text, in the place of its first {@code {}}, and
 * onto the event as key-value pairs, which a JSON log encoder writes as fields of their own. An
 * assignment of 0 means the task has not been assigned (yet): the field is then left out, not shown as
 * if it were a run; likewise an attempt of 0, which only a push-mode report carries (it knows none).
 */
public final class TaskLog {
    private TaskLog() {}

    /** {@code builder} with the task's fields as its first argument and as key-value pairs. */
    public static LoggingEventBuilder about(LoggingEventBuilder builder, String taskId, int attempt, int assignment) {
        LoggingEventBuilder event = builder.addKeyValue("task_id", taskId);
        if (attempt != 0) {
            event = event.addKeyValue("attempt", attempt);
        }
        if (assignment != 0) {
            event = event.addKeyValue("assignment", assignment);
        }
        return event.addArgument(new Fields(taskId, attempt, assignment));
    }

    /** Rendered only when the line is written, so a disabled level costs no string building. */
    private record Fields(String taskId, int attempt, int assignment) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("task_id=").append(taskId);
            if (attempt != 0) {
                text.append(" attempt=").append(attempt);
            }
            if (assignment != 0) {
                text.append(" assignment=").append(assignment);
            }
            return text.toString();
        }
    }
}
