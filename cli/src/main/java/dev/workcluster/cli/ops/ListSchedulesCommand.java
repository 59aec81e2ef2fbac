package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.Json;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.GetSchedulesResponse;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code workcluster schedules list}: every schedule, in id order, fetched page by page. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the recurring schedules in id order: when each fires, its state and its counts.")
public final class ListSchedulesCommand extends ClusterCommand {
    @Override
    int run(WorkClient client, PrintWriter out) {
        GetSchedulesResponse schedules = new RecurringScheduleCalls(client).all(RecurringScheduleCalls.MAX_PAGE);
        if (json()) {
            Json.print(schedules, out);
        } else {
            ScheduleText.table(schedules.getSchedulesList(), System.currentTimeMillis())
                    .print(out);
        }
        return 0;
    }
}
