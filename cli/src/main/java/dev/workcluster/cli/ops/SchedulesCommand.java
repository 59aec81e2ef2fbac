package dev.workcluster.cli.ops;

import picocli.CommandLine.Command;

/**
 * {@code workcluster schedules VERB}: recurring schedules, one subcommand per call of the API. It runs
 * nothing itself: without a verb, picocli says one is missing (a usage error, exit 2).
 */
@Command(
        name = "schedules",
        mixinStandardHelpOptions = true,
        subcommands = {
            CreateScheduleCommand.class,
            ListSchedulesCommand.class,
            GetScheduleCommand.class,
            PauseScheduleCommand.class,
            ResumeScheduleCommand.class,
            DeleteScheduleCommand.class
        },
        description = {
            "Create, list, pause, resume and delete recurring schedules.",
            "Each fire time of a schedule (a cron expression or a fixed interval) schedules one task, named "
                    + "ID@FIRE-TIME (RFC 3339, UTC), e.g. nightly@2026-12-03T07:00:00Z."
        })
public final class SchedulesCommand {}
