package dev.workcluster.cli.ops;

import picocli.CommandLine.Command;

/**
 * {@code workcluster queues VERB}: named queues, one subcommand per call of the API. As {@code schedules}, it runs
 * nothing itself: without a verb, picocli says one is missing (a usage error, exit 2).
 */
@Command(
        name = "queues",
        mixinStandardHelpOptions = true,
        subcommands = {ListQueuesCommand.class, GetQueueCommand.class, SetQueueCommand.class},
        description = {
            "List named queues and set their weight and running limit.",
            "A task waits in the queue it names (schedule --queue; default: the queue named default), and only a "
                    + "worker that takes that queue runs it (worker --queue; default: every queue). Free slots "
                    + "go to the queues with waiting tasks by weight: the next start goes to the queue with the "
                    + "fewest running tasks per unit of weight, and a queue never runs more than its running limit. "
                    + "A queue exists while it is configured or holds unfinished tasks; default always does."
        })
public final class QueuesCommand {}
