package dev.workcluster.leader.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which roles may call which method: the one table of the access rules. A {@code viewer}
 * reads, an {@code admin} reads, schedules and cancels, a {@code worker} does what a worker
 * does (and {@link MemberBinding} holds it to its own member id), a {@code node} forwards
 * anything. Health checks are open to every verified caller (load balancers and container
 * health checks use them). A method the table does not name is refused.
 */
final class AccessPolicy {
    private static final Set<Role> READERS = EnumSet.of(Role.VIEWER, Role.ADMIN, Role.NODE);
    private static final Set<Role> WRITERS = EnumSet.of(Role.ADMIN, Role.NODE);
    private static final Set<Role> WORKERS = EnumSet.of(Role.WORKER, Role.NODE);
    private static final Set<Role> EVERYONE = EnumSet.allOf(Role.class);

    private static final Map<String, Set<Role>> ALLOWED = Map.ofEntries(
            Map.entry("cluster.v1.LeaderService/Join", WORKERS),
            Map.entry("cluster.v1.LeaderService/Leave", WORKERS),
            Map.entry("cluster.v1.LeaderService/Heartbeat", WORKERS),
            Map.entry("cluster.v1.LeaderService/Session", WORKERS),
            Map.entry("cluster.v1.LeaderService/Members", READERS),
            Map.entry("cluster.v1.LeaderService/GetStatus", READERS),
            Map.entry("scheduler.v1.SchedulerService/ScheduleTask", WRITERS),
            Map.entry("scheduler.v1.SchedulerService/ScheduleTasks", WRITERS),
            Map.entry("scheduler.v1.SchedulerService/CancelTask", WRITERS),
            Map.entry("scheduler.v1.SchedulerService/GetTasks", READERS),
            Map.entry("scheduler.v1.SchedulerService/GetTask", READERS),
            Map.entry("scheduler.v1.SchedulerService/WatchTasks", READERS),
            Map.entry("scheduler.v1.SchedulerService/TaskComplete", WORKERS),
            Map.entry("scheduler.v1.SchedulerService/CreateSchedule", WRITERS),
            Map.entry("scheduler.v1.SchedulerService/PauseSchedule", WRITERS),
            Map.entry("scheduler.v1.SchedulerService/ResumeSchedule", WRITERS),
            Map.entry("scheduler.v1.SchedulerService/DeleteSchedule", WRITERS),
            Map.entry("scheduler.v1.SchedulerService/GetSchedules", READERS),
            Map.entry("scheduler.v1.SchedulerService/SetQueue", WRITERS),
            Map.entry("scheduler.v1.SchedulerService/GetQueues", READERS),
            Map.entry("grpc.health.v1.Health/Check", EVERYONE),
            Map.entry("grpc.health.v1.Health/Watch", EVERYONE),
            Map.entry("grpc.health.v1.Health/List", EVERYONE),
            Map.entry("grpc.reflection.v1.ServerReflection/ServerReflectionInfo", READERS),
            Map.entry("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", READERS));

    private AccessPolicy() {}

    /** Whether {@code role} may call the method named {@code service/method}. */
    static boolean allows(Role role, String fullMethodName) {
        return ALLOWED.getOrDefault(fullMethodName, Set.of()).contains(role);
    }
}
