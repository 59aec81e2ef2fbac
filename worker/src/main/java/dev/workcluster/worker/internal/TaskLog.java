package dev.workcluster.worker.internal;

import org.slf4j.spi.LoggingEventBuilder;

/**
 * The fields of every log line about a run: {@code task_id}, {@code attempt} and {@code assignment}, so one
 * grep for a task id finds its whole story in the worker's log and the leader's. They go into the message
 * text, in the place of its first {@code {}}, and onto the event as key-value pairs, which a JSON log
 * encoder writes as fields of their own. A number of 0 is one the worker was not told (a push-mode
 * worker learns neither; a run of the stream protocol always has both): it is left out rather than
 * shown as if it were a real attempt or assignment.
 */
final class TaskLog {
    private TaskLog() {}

    /** {@code builder} with the run's fields as its first argument and as key-value pairs. */
    static LoggingEventBuilder about(LoggingEventBuilder builder, AttemptKey key) {
        LoggingEventBuilder event = builder.addKeyValue("task_id", key.taskId());
        if (key.attempt() != 0) {
            event = event.addKeyValue("attempt", key.attempt());
        }
        if (key.assignment() != 0) {
            event = event.addKeyValue("assignment", key.assignment());
        }
        return event.addArgument(new Fields(key));
    }

    /** Rendered only when the line is written, so a disabled level costs no string building. */
    private record Fields(AttemptKey key) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("task_id=").append(key.taskId());
            if (key.attempt() != 0) {
                text.append(" attempt=").append(key.attempt());
            }
            if (key.assignment() != 0) {
                text.append(" assignment=").append(key.assignment());
            }
            return text.toString();
        }
    }
}
