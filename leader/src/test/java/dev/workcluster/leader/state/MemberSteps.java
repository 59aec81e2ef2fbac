package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Step.memberId;

import dev.workcluster.leader.state.Targets.Ref;
import dev.workcluster.leader.state.proto.AttemptRef;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.JoinMember;
import java.util.ArrayList;
import java.util.List;

/** The steps about members: joins and rejoins, goodbyes, and the liveness tracker's expiries. */
final class MemberSteps {
    private MemberSteps() {}

    /** Which runs a joining stream worker says it still has. */
    enum Runs {
        NONE("no runs"),
        ALL("all its runs"),
        FIRST("only its first run"),
        STALE("its runs at the next assignment and another member's run");

        final String description;

        Runs(String description) {
            this.description = description;
        }

        List<AttemptRef> of(ClusterState state, String member) {
            List<AttemptRef> reported = new ArrayList<>();
            MemberRecord record = state.member(member);
            if (record != null && this != NONE) {
                for (String taskId : record.runningTaskIds()) {
                    TaskRecord task = state.task(taskId); // null only if the state broke an invariant, reported apart
                    if (task != null) {
                        reported.add(ref(task, this == STALE ? 1 : 0));
                    }
                    if (this == FIRST) {
                        break;
                    }
                }
            }
            if (this == STALE) {
                state.allTasks().stream()
                        .filter(task -> task.status() == TaskStatus.RUNNING
                                && !task.memberId().equals(member))
                        .findFirst()
                        .ifPresent(task -> reported.add(ref(task, 0)));
            }
            return reported;
        }

        private static AttemptRef ref(TaskRecord task, int assignmentOffset) {
            return AttemptRef.newBuilder()
                    .setTaskId(task.id())
                    .setAttempt(task.attempt())
                    .setAssignment(task.assignment() + assignmentOffset)
                    .build();
        }
    }

    /**
     * A worker process says hello without runs, on its first start or after a restart, with
     * any slot count: a push worker with its address, or a stream worker naming its process
     * ({@code instance}, empty when unknown).
     */
    record Join(int member, int slots, boolean stream, String instance) implements Step {
        @Override
        public Command command(ClusterState state) {
            String id = memberId(member);
            return Command.newBuilder()
                    .setJoinMember(JoinMember.newBuilder()
                            .setId(id)
                            .setSlots(slots)
                            .setTransport(
                                    stream
                                            ? dev.workcluster.leader.state.proto.Transport.TRANSPORT_STREAM
                                            : dev.workcluster.leader.state.proto.Transport.TRANSPORT_PUSH)
                            .setAddress(stream ? "" : Commands.addressOf(id))
                            .setInstance(instance)
                            .addAllQueues(Step.queuesOf(member)))
                    .build();
        }

        @Override
        public String toString() {
            return "join " + memberId(member) + " with " + slots + " slots"
                    + (stream ? " over a stream from process '" + instance + "'" : " (push)");
        }
    }

    /**
     * A stream worker says hello again reporting the runs it has, with the slots the member
     * has (1 for an unknown member): a worker process's slot count is fixed, and a run can
     * only be reported by the process it was delivered to. The state machine relies on
     * this without checking it: a hello confirming more runs than its slots leaves the
     * member running more tasks than it has slots.
     */
    record Reconnect(int member, String instance, Runs runs) implements Step {
        @Override
        public Command command(ClusterState state) {
            String id = memberId(member);
            MemberRecord record = state.member(id);
            return Command.newBuilder()
                    .setJoinMember(JoinMember.newBuilder()
                            .setId(id)
                            .setSlots(record == null ? 1 : record.slots())
                            .setTransport(dev.workcluster.leader.state.proto.Transport.TRANSPORT_STREAM)
                            .setInstance(instance)
                            .addAllRunning(runs.of(state, id)))
                    .build();
        }

        @Override
        public String toString() {
            return "reconnect " + memberId(member) + " from process '" + instance + "' reporting " + runs.description;
        }
    }

    record Leave(Ref<MemberRecord> member) implements Step {
        @Override
        public Command command(ClusterState state) {
            return Step.ifResolved(member.resolve(state), Commands::leave);
        }

        @Override
        public String toString() {
            return "leave " + member;
        }
    }

    /** Which incarnation an expiry is meant for, relative to the member's current one. */
    enum Incarnation {
        UNFENCED(""),
        CURRENT(" meant for its current incarnation"),
        PREVIOUS(" meant for its previous incarnation (unfenced after a first join)"),
        NEXT(" meant for an incarnation after its current one");

        final String description;

        Incarnation(String description) {
            this.description = description;
        }
    }

    record Expire(Ref<MemberRecord> member, Incarnation incarnation) implements Step {
        @Override
        public Command command(ClusterState state) {
            String id = member.resolve(state);
            if (id == null) {
                return null;
            }
            MemberRecord record = state.member(id);
            long current = record == null ? 1 : record.incarnation();
            long meant = switch (incarnation) {
                case UNFENCED -> 0;
                case CURRENT -> current;
                case PREVIOUS -> current - 1;
                case NEXT -> current + 1;
            };
            return Commands.expire(id, meant);
        }

        @Override
        public String toString() {
            return "expire " + member + incarnation.description;
        }
    }
}
