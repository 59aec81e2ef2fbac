package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.Json;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.RecurringSchedule;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code workcluster schedules get ID}: every field of one schedule. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Show every field of one recurring schedule, its task's options and its last error included.")
public final class GetScheduleCommand extends ClusterCommand {
    @Parameters(paramLabel = "ID", description = "The schedule's id.")
    String id;

    @Override
    int run(WorkClient client, PrintWriter out) {
        if (id.isBlank()) {
            throw new ParameterException(spec.commandLine(), "ID must not be empty");
        }
        RecurringSchedule schedule = new RecurringScheduleCalls(client).get(id);
        if (json()) {
            Json.print(schedule, out);
        } else {
            ScheduleText.fields(schedule, System.currentTimeMillis()).print(out);
        }
        return 0;
    }
}
