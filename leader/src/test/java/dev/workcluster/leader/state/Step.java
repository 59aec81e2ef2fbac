package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.RegisterNode;
import java.util.List;
import java.util.function.Function;

/**
 * One step of a generated history. A step names what happens ("worker w1 reports
 * the current run of t2 as done") and becomes a concrete command only against the
 * state it meets, so a step stays meaningful when shrinking removes the steps
 * before it. Stale and invalid variants are steps too: they read the state and
 * then point next to it (the attempt before, another member, an old incarnation).
 */
interface Step {
    /** Tasks and members come from small pools so that steps keep meeting each other. */
    int TASKS = 8;

    int MEMBERS = 4;

    /**
     * The command this step sends to a state in this shape; null when it sends none (a wait,
     * a change of limits, a dispatcher or worker with nothing to do in this state).
     */
    Command command(ClusterState state);

    /**
     * The leader's clock when this step happens, given the clock after the step before: the same, or later
     * for a step that waits for something (a timer that fires at a deadline).
     */
    default long clockAt(ClusterState state, long nowMillis) {
        return nowMillis;
    }

    /** The placement the entry of this step carries (see {@code state.Placement}); null for none. */
    default dev.workcluster.leader.state.proto.Placement placement() {
        return null;
    }

    /**
     * The command {@code toCommand} makes for the target a step resolved; none when it resolved to null (a pick
     * with nothing to pick from), as a worker with no run reports nothing.
     */
    static Command ifResolved(String id, Function<String, Command> toCommand) {
        return id == null ? null : toCommand.apply(id);
    }

    /** The queue a task of the pool is scheduled into: fixed per task, "" meaning the default one. */
    static String queueOf(int task) {
        return List.of("", "a", "b", "default").get(task % 4);
    }

    /** The queues a member of the pool takes tasks from: every queue for most, only some for others. */
    static List<String> queuesOf(int member) {
        return switch (member % 4) {
            case 1 -> List.of("a");
            case 2 -> List.of("b", "default");
            default -> List.of();
        };
    }

    static String taskId(int index) {
        return "t" + index;
    }

    static String memberId(int index) {
        return "w" + index;
    }

    /** Time passes on the leader's clock (backwards too: a new Raft leader's clock may be behind). */
    record Wait(long millis) implements Step {
        @Override
        public Command command(ClusterState state) {
            return null;
        }

        @Override
        public String toString() {
            return "wait " + millis + " ms";
        }
    }

    /**
     * The entries from here on carry other limits, as after a rolling restart with new flags;
     * they take effect with the next command.
     */
    record Relimit(StateLimits limits) implements Step {
        @Override
        public Command command(ClusterState state) {
            return null;
        }

        @Override
        public String toString() {
            return "from here on entries carry " + limits;
        }
    }

    /** A leader node says where clients reach it; an empty address is refused. */
    record Register(int node, boolean withAddress) implements Step {
        @Override
        public Command command(ClusterState state) {
            return Command.newBuilder()
                    .setRegisterNode(RegisterNode.newBuilder()
                            .setNodeId("n" + node)
                            .setClientAddress(withAddress ? "n" + node + ".local:50051" : ""))
                    .build();
        }

        @Override
        public String toString() {
            return "register node n" + node + (withAddress ? "" : " without an address");
        }
    }

    /** A log entry holding a command of no known kind. */
    record Empty() implements Step {
        @Override
        public Command command(ClusterState state) {
            return Command.getDefaultInstance();
        }

        @Override
        public String toString() {
            return "empty command";
        }
    }
}
