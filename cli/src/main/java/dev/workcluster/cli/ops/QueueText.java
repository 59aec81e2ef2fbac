package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.Table;
import dev.workcluster.proto.scheduler.v1.Queue;
import java.util.List;

/** A named queue as the {@code queues} commands show it to people: a table row, or every field. */
final class QueueText {
    private QueueText() {}

    /** A running limit of 0 is none. */
    static String maxRunning(Queue queue) {
        return queue.getMaxRunning() == 0 ? "no limit" : Integer.toUnsignedString(queue.getMaxRunning());
    }

    static FieldList fields(Queue queue) {
        return new FieldList()
                .add("name", queue.getName())
                .add("weight", Integer.toUnsignedString(queue.getWeight()))
                .add("max running", maxRunning(queue))
                .add("pending", Integer.toUnsignedString(queue.getPending()))
                .add("running", Integer.toUnsignedString(queue.getRunning()))
                .add("scheduled", Integer.toUnsignedString(queue.getScheduled()));
    }

    static Table table(List<Queue> queues) {
        Table table = new Table("NAME", "WEIGHT", "MAX-RUNNING", "PENDING", "RUNNING", "SCHEDULED");
        for (Queue queue : queues) {
            table.row(
                    queue.getName(),
                    Integer.toUnsignedString(queue.getWeight()),
                    queue.getMaxRunning() == 0 ? "-" : Integer.toUnsignedString(queue.getMaxRunning()),
                    Integer.toUnsignedString(queue.getPending()),
                    Integer.toUnsignedString(queue.getRunning()),
                    Integer.toUnsignedString(queue.getScheduled()));
        }
        return table;
    }
}
