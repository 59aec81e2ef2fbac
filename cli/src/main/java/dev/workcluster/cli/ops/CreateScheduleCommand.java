package dev.workcluster.cli.ops;

import dev.workcluster.cli.client.TaskMessages;
import dev.workcluster.cli.output.Json;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.OverlapPolicy;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code workcluster schedules create ID}: stores a recurring schedule and prints it. Its task takes the
 * options {@code schedule} gives one task, but no {@code --delay} or {@code --at}: the fire times say when.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Create a recurring schedule and print it: its id, when it fires, and its next fire time.",
            "Give --cron or --every. Each fire time schedules a task with --payload and the task options, "
                    + "named ID@FIRE-TIME. Creating an ID again with the same definition prints it as stored; "
                    + "with another definition the leader refuses it (ALREADY_EXISTS)."
        })
public final class CreateScheduleCommand extends ClusterCommand {
    @Parameters(
            paramLabel = "ID",
            description = "The schedule's id: letters, digits, '.', '_' and '-', at most 200 characters.")
    String id;

    @Option(
            names = "--cron",
            paramLabel = "EXPR",
            description = "Fire at the times of this five-field crontab expression: minute hour day-of-month "
                    + "month day-of-week, e.g. '0 7 * * 1-5'.")
    String cron;

    @Option(
            names = "--time-zone",
            paramLabel = "ZONE",
            description = "With --cron: the IANA time zone it is read in, e.g. Europe/Paris (default: UTC).")
    String timeZone;

    @Option(
            names = "--every",
            paramLabel = "DURATION",
            description = "Fire every DURATION (1s to 366d), counted from the schedule's creation.")
    Duration every;

    @Option(
            names = "--payload",
            paramLabel = "TEXT",
            required = true,
            description = "What the worker is to do, each time.")
    String payload;

    @Option(
            names = "--overlap",
            paramLabel = "skip|allow|cancel-previous",
            converter = OverlapPolicyConverter.class,
            completionCandidates = OverlapPolicyConverter.Names.class,
            description = "When a fire time comes while the task of the last one is unfinished: skip the fire "
                    + "time (counted as skipped), allow a second task, or cancel-previous: stop the unfinished "
                    + "task on its worker, then schedule the new one (default: skip).")
    OverlapPolicy overlap;

    @Option(
            names = "--max-catch-up",
            paramLabel = "N",
            description = "After the leader could not fire for a while (an outage, an election), fire at most N "
                    + "of the fire times that passed, the latest ones, each under --overlap; the others count as "
                    + "missed (default: 1; at most 100).")
    Integer maxCatchUp;

    @Mixin
    TaskRunOptions taskOptions;

    @Override
    int run(WorkClient client, PrintWriter out) {
        validate();
        RecurringSchedule stored = new RecurringScheduleCalls(client).create(schedule());
        if (json()) {
            Json.print(stored, out);
        } else {
            ScheduleText.summary(stored, System.currentTimeMillis()).print(out);
        }
        return 0;
    }

    /**
     * A usage error for what no schedule can be; the leader checks the rest (the cron expression, the zone,
     * the limits), and its refusal names the field and the limit.
     */
    private void validate() {
        if (id.isBlank()) {
            throw usage("ID must not be empty");
        }
        if (payload.isEmpty()) {
            throw usage("--payload must not be empty");
        }
        if (cron != null && every != null) {
            throw usage("--cron and --every exclude each other: give one");
        }
        if (cron == null && every == null) {
            throw usage("give --cron or --every: when the schedule fires");
        }
        if (cron != null && cron.isBlank()) {
            throw usage("--cron must not be empty");
        }
        if (timeZone != null && cron == null) {
            throw usage("--time-zone applies to --cron only: --every counts from the schedule's creation");
        }
        if (maxCatchUp != null && maxCatchUp < 1) {
            throw usage("--max-catch-up must be at least 1, got " + maxCatchUp);
        }
        taskOptions.validate(spec.commandLine());
    }

    /** Unset options stay unset on the wire: the leader's defaults apply to them. */
    private RecurringSchedule schedule() {
        RecurringSchedule.Builder schedule =
                RecurringSchedule.newBuilder().setId(id).setTask(taskOptions.template(payload));
        if (cron != null) {
            schedule.setCron(cron);
            if (timeZone != null) {
                schedule.setTimeZone(timeZone);
            }
        } else {
            schedule.setEvery(TaskMessages.duration(every));
        }
        if (overlap != null) {
            schedule.setOverlap(overlap);
        }
        if (maxCatchUp != null) {
            schedule.setMaxCatchUp(maxCatchUp);
        }
        return schedule.build();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
