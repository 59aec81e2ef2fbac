package dev.workcluster.cli.ops;

import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import picocli.CommandLine.Command;

/** {@code workcluster schedules pause ID}. */
@Command(
        name = "pause",
        mixinStandardHelpOptions = true,
        description = {
            "Pause a recurring schedule: it fires no more until resumed. Its unfinished tasks keep running.",
            "Pausing a paused schedule changes nothing."
        })
public final class PauseScheduleCommand extends ScheduleChangeCommand {
    @Override
    RecurringSchedule change(RecurringScheduleCalls schedules, String id) {
        return schedules.pause(id);
    }
}
