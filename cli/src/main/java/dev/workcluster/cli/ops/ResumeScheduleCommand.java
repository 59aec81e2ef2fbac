package dev.workcluster.cli.ops;

import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import picocli.CommandLine.Command;

/** {@code workcluster schedules resume ID}. */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = {
            "Resume a paused recurring schedule and print its next fire time.",
            "It fires from the next fire time after now on: the ones that passed while it was paused never fire."
        })
public final class ResumeScheduleCommand extends ScheduleChangeCommand {
    @Override
    RecurringSchedule change(RecurringScheduleCalls schedules, String id) {
        return schedules.resume(id);
    }
}
