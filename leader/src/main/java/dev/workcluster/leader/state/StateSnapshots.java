package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.RegisterNode;
import dev.workcluster.leader.state.proto.StateSnapshot;
import dev.workcluster.leader.state.proto.StoredMember;
import dev.workcluster.leader.state.proto.StoredTask;

/** Converts the state to and from its snapshot form. A decoded snapshot is the state, exactly. */
public final class StateSnapshots {
    private StateSnapshots() {}

    public static StateSnapshot encode(ClusterState state) {
        StateSnapshot.Builder snapshot = StateSnapshot.newBuilder().setNextSequence(state.nextSequence());
        for (MemberRecord member : state.members()) {
            snapshot.addMembers(encode(member));
        }
        for (TaskRecord task : state.allTasks()) {
            snapshot.addTasks(encode(task));
        }
        state.nodes()
                .forEach((id, address) -> snapshot.addNodes(
                        RegisterNode.newBuilder().setNodeId(id).setClientAddress(address)));
        snapshot.addAllSchedules(state.schedules());
        state.queueSettings().forEach(settings -> snapshot.addQueues(settings.toProto()));
        return snapshot.build();
    }

    public static ClusterState decode(StateSnapshot snapshot, StateLimits limits) {
        ClusterState state = new ClusterState(limits, snapshot.getNextSequence());
        for (StoredMember stored : snapshot.getMembersList()) {
            state.restoreMember(decode(stored));
        }
        for (StoredTask stored : snapshot.getTasksList()) {
            state.restoreTask(decode(stored));
        }
        snapshot.getNodesList().forEach(node -> state.restoreNode(node.getNodeId(), node.getClientAddress()));
        snapshot.getSchedulesList().forEach(state::restoreSchedule);
        snapshot.getQueuesList().forEach(stored -> state.restoreQueue(QueueSettings.fromProto(stored)));
        return state;
    }

    public static StoredTask encode(TaskRecord task) {
        return StoredTask.newBuilder()
                .setId(task.id())
                .setPayload(task.payload())
                .setPriority(task.priority().wireNumber)
                .setStatus(task.status().wireNumber)
                .setMemberId(task.memberId())
                .setAttempt(task.attempt())
                .setMaxAttempts(task.maxAttempts())
                .setError(task.error())
                .setResult(task.result())
                .setCreatedMillis(task.createdMillis())
                .setStartedMillis(task.startedMillis())
                .setFinishedMillis(task.finishedMillis())
                .setSequence(task.sequence())
                .setAssignment(task.assignment())
                .setRunAtMillis(task.timing().runAtMillis())
                .setStartToCloseMillis(task.timing().startToCloseMillis())
                .setScheduleToStartMillis(task.timing().scheduleToStartMillis())
                .setHeartbeatTimeoutMillis(task.timing().heartbeatTimeoutMillis())
                .setQueueOrder(task.queueOrder())
                .addAllSelector(task.selector().requirements())
                .setQueue(task.queue())
                .build();
    }

    static TaskRecord decode(StoredTask stored) {
        TaskRecord task = new TaskRecord(
                stored.getId(),
                stored.getPayload(),
                Priority.fromWireNumber(stored.getPriority()),
                stored.getMaxAttempts(),
                stored.getSequence(),
                stored.getCreatedMillis(),
                TaskTiming.of(stored));
        task.restore(stored);
        return task;
    }

    private static StoredMember encode(MemberRecord member) {
        return StoredMember.newBuilder()
                .setId(member.id())
                .setAddress(member.address())
                .setTransport(member.transport().toProto())
                .setSlots(member.slots())
                .setExpired(member.expired())
                .setJoinedMillis(member.joinedMillis())
                .setExpiredMillis(member.expiredMillis())
                .addAllRunningTaskIds(member.runningTaskIds())
                .setIncarnation(member.incarnation())
                .setInstance(member.instance())
                .putAllLabels(member.labels())
                .addAllQueues(member.queues())
                .build();
    }

    private static MemberRecord decode(StoredMember stored) {
        MemberRecord member = new MemberRecord(
                stored.getId(),
                stored.getAddress(),
                Transport.fromProto(stored.getTransport()),
                stored.getSlots(),
                stored.getJoinedMillis());
        member.restoreIncarnation(stored.getIncarnation(), stored.getInstance());
        member.labels(stored.getLabelsMap());
        member.queues(stored.getQueuesList());
        if (stored.getExpired()) {
            member.restoreExpired(stored.getExpiredMillis());
        }
        stored.getRunningTaskIdsList().forEach(member::started);
        return member;
    }
}
