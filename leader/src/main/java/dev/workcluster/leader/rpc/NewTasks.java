package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.ScheduleTask;
import dev.workcluster.leader.state.proto.ScheduleTasks;
import dev.workcluster.proto.scheduler.v1.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks tasks a client wants scheduled and turns them into log commands; failures name the field. */
final class NewTasks {
    /** Most tasks one ScheduleTasks call may carry: bounds the work and the log entry of one call. */
    static final int MAX_PER_CALL = 10_000;

    private final StateLimits limits;
    private final NewTaskTiming timing;

    NewTasks(StateLimits limits, NewTaskTiming timing) {
        this.limits = limits;
        this.timing = timing;
    }

    /** {@code field} names the task in messages: {@code task}, or {@code tasks[3]} in a batch. */
    ScheduleTask command(String field, Task task) {
        String id = Requests.id(field + ".id", task.getId());
        Requests.payload(field + ".payload", id, task.getPayload(), limits.maxPayloadBytes());
        int priority = task.getPriorityValue();
        if (priority < 0 || priority > 3) {
            throw invalid(field + ".priority " + priority + " of task '" + id + "' is not a TaskPriority");
        }
        if (task.getMaxAttempts() > limits.maxAttemptsCeiling()) {
            throw invalid(field + ".max_attempts " + task.getMaxAttempts() + " of task '" + id
                    + "' is over the limit of " + limits.maxAttemptsCeiling());
        }
        ScheduleTask.Builder command = ScheduleTask.newBuilder()
                .setId(id)
                .setPayload(task.getPayload())
                .setPriority(priority)
                .setMaxAttempts(task.getMaxAttempts() == 0 ? limits.defaultMaxAttempts() : task.getMaxAttempts());
        timing.addTo(command, field, task);
        command.addAllSelector(
                LabelRules.selector(field + ".selector", task.getSelector()).requirements());
        command.setQueue(QueueRules.taskQueue(field + ".queue", task.getQueue()));
        return command.build();
    }

    ScheduleTasks batch(List<Task> tasks) {
        if (tasks.isEmpty()) {
            throw invalid("tasks must hold at least one task");
        }
        if (tasks.size() > MAX_PER_CALL) {
            throw invalid("tasks holds " + tasks.size() + " tasks, over the limit of " + MAX_PER_CALL + " per call");
        }
        ScheduleTasks.Builder batch = ScheduleTasks.newBuilder();
        Map<String, Integer> seen = new HashMap<>(tasks.size() * 2);
        for (int i = 0; i < tasks.size(); i++) {
            ScheduleTask command = command("tasks[" + i + "]", tasks.get(i));
            Integer earlier = seen.putIfAbsent(command.getId(), i);
            if (earlier != null) {
                throw invalid("tasks[" + i + "].id '" + command.getId() + "' repeats tasks[" + earlier + "].id");
            }
            batch.addTasks(command);
        }
        return batch.build();
    }
}
