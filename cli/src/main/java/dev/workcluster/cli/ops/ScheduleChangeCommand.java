package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.Json;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import java.io.PrintWriter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** What {@code schedules pause}, {@code resume} and {@code delete} share: one id, one call, the schedule after it. */
abstract class ScheduleChangeCommand extends ClusterCommand {
    @Parameters(paramLabel = "ID", description = "The schedule's id.")
    String id;

    @Override
    final int run(WorkClient client, PrintWriter out) {
        if (id.isBlank()) {
            throw new ParameterException(spec.commandLine(), "ID must not be empty");
        }
        RecurringSchedule changed = change(new RecurringScheduleCalls(client), id);
        if (json()) {
            Json.print(changed, out);
        } else {
            print(changed, System.currentTimeMillis(), out);
        }
        return 0;
    }

    /** The schedule as the leader answers: after the change, or as it was when deleted. */
    abstract RecurringSchedule change(RecurringScheduleCalls schedules, String id);

    /** Which schedule, in what state, and when it fires next. */
    void print(RecurringSchedule changed, long now, PrintWriter out) {
        ScheduleText.summary(changed, now).print(out);
    }
}
