package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.JoinMember;
import dev.workcluster.leader.state.proto.RegisterNode;
import dev.workcluster.leader.state.proto.ResultCode;
import dev.workcluster.leader.state.proto.StoredSchedule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The pure, deterministic state machine: members and tasks, changed only by
 * {@link #apply(Command)} in log order. No I/O, no clock, no randomness: every
 * replica that applies the same commands reaches the same state.
 *
 * <p>Not thread-safe: the Raft adapter serialises apply() against readers.
 */
public final class ClusterState {

    private StateLimits limits;
    private final Changes changes = new Changes();
    private final TaskTable tasks = new TaskTable(changes);
    private final MemberTable members = new MemberTable(changes);
    private final TaskIntake intake;
    private final TaskCommands taskCommands;
    private final MemberCommands memberCommands;
    private final Placement placement;
    private final TaskTimeouts timeouts;
    private final RecurringSchedules schedules;
    /** Leader node id → host:port of its client (cluster.v1) port. */
    private final Map<String, String> nodes = new TreeMap<>();

    public ClusterState(StateLimits limits) {
        this(limits, 1);
    }

    ClusterState(StateLimits limits, long nextSequence) {
        this.limits = limits;
        this.intake = new TaskIntake(tasks, limits, nextSequence);
        this.taskCommands = new TaskCommands(tasks, members);
        this.memberCommands = new MemberCommands(tasks, members, taskCommands);
        this.placement = new Placement(tasks, members);
        this.timeouts = new TaskTimeouts(tasks, members, taskCommands, intake::drawSequence);
        this.schedules = new RecurringSchedules(tasks, intake, taskCommands);
    }

    /**
     * Applies one log entry: its commands in order, under the limits it was proposed with;
     * then, when the entry carries a placement, starts pending tasks on free slots, at the
     * time of its last command.
     */
    public List<CommandResult> apply(CommandBatch batch) {
        if (batch.hasLimits()) {
            limits = StateLimits.fromProto(batch.getLimits());
            intake.limits(limits);
        }
        List<CommandResult> results = new ArrayList<>(batch.getCommandsCount());
        for (Command command : batch.getCommandsList()) {
            results.add(apply(command));
        }
        if (batch.hasPlacement() && batch.getCommandsCount() > 0) {
            placement.place(
                    batch.getPlacement(),
                    batch.getCommands(batch.getCommandsCount() - 1).getNowMillis());
        }
        return results;
    }

    public CommandResult apply(Command command) {
        long now = command.getNowMillis();
        CommandResult result = switch (command.getKindCase()) {
            case SCHEDULE_TASK -> intake.schedule(command.getScheduleTask(), now);
            case SCHEDULE_TASKS -> intake.scheduleAll(command.getScheduleTasks(), now);
            case CANCEL_TASK -> taskCommands.cancel(command.getCancelTask(), now);
            case ASSIGN_TASK -> taskCommands.assign(command.getAssignTask(), now);
            case COMPLETE_TASK -> taskCommands.complete(command.getCompleteTask(), now);
            case RELEASE_TASK -> taskCommands.release(command.getReleaseTask(), now);
            case JOIN_MEMBER -> join(command.getJoinMember(), now);
            case LEAVE_MEMBER -> memberCommands.leave(command.getLeaveMember(), now);
            case EXPIRE_MEMBER -> memberCommands.expire(command.getExpireMember(), now);
            case REGISTER_NODE -> registerNode(command.getRegisterNode());
            case PLACE_TASKS -> Results.OK; // the entry's placement does the work
            case RELEASE_DUE_TASKS -> timeouts.releaseDue(command.getReleaseDueTasks(), now);
            case TIME_OUT_TASK -> timeouts.timeOut(command.getTimeOutTask(), now);
            case CREATE_SCHEDULE -> schedules.create(command.getCreateSchedule(), now);
            case SET_SCHEDULE_PAUSED -> schedules.setPaused(command.getSetSchedulePaused());
            case DELETE_SCHEDULE -> schedules.delete(command.getDeleteSchedule());
            case FIRE_SCHEDULE -> schedules.fire(command.getFireSchedule(), now);
            case SET_QUEUE -> tasks.queues().set(command.getSetQueue());
            case KIND_NOT_SET -> Results.reject(ResultCode.RESULT_CODE_INVALID_ARGUMENT, "empty command");
        };
        long dropBefore = now - limits.retainFinishedAge().toMillis();
        tasks.prune(limits.retainFinishedCount(), dropBefore);
        members.prune(dropBefore);
        return result;
    }

    /**
     * A member the state does not know yet needs room under the member cap: an expired
     * member makes way for it, or else it is refused. A known member may always join again.
     * Only a join that is accepted makes way: a refused one changes nothing.
     */
    private CommandResult join(JoinMember join, long now) {
        int max = limits.maxMembers();
        if (members.get(join.getId()) == null && !members.hasRoomForOneMore(max)) {
            return Results.reject(
                    ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED,
                    "member limit reached: " + members.size() + " members are alive; the limit is " + max
                            + " (max-members)");
        }
        CommandResult result = memberCommands.join(join, now);
        if (result.getCode() == ResultCode.RESULT_CODE_OK) {
            members.forgetExpiredBeyond(max);
        }
        return result;
    }

    /** The limits of the last applied entry (or those this state was created with). */
    public StateLimits limits() {
        return limits;
    }

    /** Where clients reach each leader node, by node id. */
    public Map<String, String> nodes() {
        return Collections.unmodifiableMap(nodes);
    }

    private CommandResult registerNode(RegisterNode register) {
        if (register.getNodeId().isEmpty() || register.getClientAddress().isEmpty()) {
            return Results.reject(
                    ResultCode.RESULT_CODE_INVALID_ARGUMENT, "node id and client address must not be empty");
        }
        nodes.put(register.getNodeId(), register.getClientAddress());
        return Results.OK;
    }

    void restoreNode(String nodeId, String clientAddress) {
        nodes.put(nodeId, clientAddress);
    }

    /** A recurring schedule, or null. */
    public StoredSchedule schedule(String id) {
        return schedules.get(id);
    }

    /** Recurring schedules in id order. */
    public Collection<StoredSchedule> schedules() {
        return schedules.all();
    }

    /** Up to {@code limit} schedules in id order whose id sorts after {@code afterId} ("" for the first). */
    public List<StoredSchedule> schedulesAfter(String afterId, int limit) {
        return schedules.after(afterId, limit);
    }

    void restoreSchedule(StoredSchedule schedule) {
        schedules.restore(schedule);
    }

    /** Every named queue that exists (configured, or holding unfinished tasks), in name order. */
    public List<QueueLoad> queues() {
        return tasks.queues().loads();
    }

    /** One named queue, or null when it does not exist. */
    public QueueLoad queue(String name) {
        return tasks.queues().load(name);
    }

    Collection<QueueSettings> queueSettings() {
        return tasks.queues().configured();
    }

    void restoreQueue(QueueSettings settings) {
        tasks.queues().restore(settings);
    }

    /** Whether a placement now could start some pending task on one of {@code free} (members with a free slot). */
    public boolean someTaskFits(List<MemberRecord> free) {
        return placement.someTaskFits(free);
    }

    /**
     * Why a PENDING task waits when no alive member can take it (none takes its queue, or none
     * whose labels match its selector); "" when it is not pending or some alive member can take
     * it (it waits for a free slot).
     */
    public String placementWarning(TaskRecord task) {
        if (task.status() != TaskStatus.PENDING) {
            return "";
        }
        int alive = 0;
        boolean queueTaken = false;
        boolean everyoneTakes = true;
        for (MemberRecord member : members.all()) {
            if (member.alive()) {
                alive++;
                everyoneTakes &= member.takes(task.queue());
                if (member.takes(task.queue())) {
                    queueTaken = true;
                    if (task.selector().matches(member.labels())) {
                        return "";
                    }
                }
            }
        }
        String workers = " (" + alive + " worker" + (alive == 1 ? "" : "s") + " alive)";
        if (alive > 0 && !queueTaken) {
            return "no alive worker takes queue '" + task.queue() + "'" + workers;
        }
        if (task.selector().isAny()) {
            return "";
        }
        return (everyoneTakes ? "no alive worker" : "no alive worker that takes queue '" + task.queue() + "'")
                + " matches selector '" + task.selector() + "'" + workers;
    }

    public TaskRecord task(String id) {
        return tasks.get(id);
    }

    public MemberRecord member(String id) {
        return members.get(id);
    }

    /** Members in id order, alive and expired. */
    public Collection<MemberRecord> members() {
        return members.all();
    }

    /** Members in id order whose id sorts after {@code afterId} ("" for the first). */
    public Collection<MemberRecord> membersAfter(String afterId) {
        return members.after(afterId);
    }

    /** Payload bytes (UTF-8) held by PENDING and RUNNING tasks, what the payload budget counts. */
    public long unfinishedPayloadBytes() {
        return tasks.unfinishedPayloadBytes();
    }

    /** PENDING tasks: queue by queue, in name order, each in the order its tasks start. */
    public Iterable<TaskRecord> pendingInOrder() {
        return tasks.pendingInOrder();
    }

    public int pendingCount() {
        return tasks.pendingCount();
    }

    public int count(TaskStatus status) {
        return tasks.count(status);
    }

    /** The tasks of one status in arrival order: what a new leader arms its timers from. */
    public Collection<TaskRecord> tasksIn(TaskStatus status) {
        return Collections.unmodifiableCollection(tasks.bySequence(status).values());
    }

    /** The PENDING task that has waited longest, or null when none waits. */
    public TaskRecord oldestPending() {
        return tasks.oldestPending();
    }

    /** What the commands applied since the last call changed; for watchers, never for decisions. */
    public StateChanges drainChanges() {
        return changes.drain();
    }

    public int taskCount() {
        return tasks.size();
    }

    /**
     * Tasks in arrival order after {@code afterSequence} (exclusive), optionally of one status.
     * At most {@code limit} tasks; {@code nextAfterSequence} is -1 on the last page.
     */
    public TaskPage tasks(TaskStatus status, long afterSequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("page limit must be >= 1, got " + limit);
        }
        List<TaskRecord> page = new ArrayList<>(Math.min(limit, 1024));
        NavigableMap<Long, TaskRecord> listed = status == null ? tasks.bySequence() : tasks.bySequence(status);
        for (TaskRecord task : listed.tailMap(afterSequence, false).values()) {
            if (page.size() == limit) {
                return new TaskPage(page, page.get(page.size() - 1).sequence());
            }
            page.add(task);
        }
        return new TaskPage(page, -1);
    }

    /** The {@code limit} most recently scheduled tasks, in arrival order. */
    public List<TaskRecord> recentTasks(int limit) {
        List<TaskRecord> recent = new ArrayList<>(Math.min(limit, tasks.size()));
        for (TaskRecord task : tasks.bySequence().descendingMap().values()) {
            if (recent.size() == limit) {
                break;
            }
            recent.add(task);
        }
        java.util.Collections.reverse(recent);
        return recent;
    }

    /** One page of a task listing. */
    public record TaskPage(List<TaskRecord> tasks, long nextAfterSequence) {}

    Collection<TaskRecord> allTasks() {
        return tasks.all();
    }

    long nextSequence() {
        return intake.nextSequence();
    }

    void restoreTask(TaskRecord task) {
        task.inQueue(tasks.queues().canonical(task.queue()));
        tasks.add(task);
    }

    void restoreMember(MemberRecord member) {
        members.put(member);
    }
}
