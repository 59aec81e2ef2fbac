package dev.workcluster.cli.ops;

import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code workcluster schedules delete ID}. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Delete a recurring schedule: it fires no more. The tasks it created stay, unfinished ones included.",
            "-o json prints the schedule as it was."
        })
public final class DeleteScheduleCommand extends ScheduleChangeCommand {
    @Override
    RecurringSchedule change(RecurringScheduleCalls schedules, String id) {
        return schedules.delete(id);
    }

    @Override
    void print(RecurringSchedule deleted, long now, PrintWriter out) {
        out.println(deleted.getId() + "  deleted (the tasks it fired stay)");
        out.flush();
    }
}
