package dev.workcluster.leader.rpc;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.workcluster.leader.config.SessionSettings;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.leader.testing.RawCall;
import dev.workcluster.leader.testing.RawSession;
import dev.workcluster.leader.testing.ReflectionClient;
import dev.workcluster.proto.cluster.v1.Drain;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.LeaveRequest;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.StartTask;
import dev.workcluster.proto.cluster.v1.TaskOutcome;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A live leader for the fuzzers, on which nothing moves by itself: it stores a task of each
 * kind (completed, running, pending, cancelled) and one worker, draining, that holds the running
 * one; liveness deadlines and the reconnect grace are minutes long. So between two calls the
 * stored state changes only if a call changed it.
 */
final class FuzzedLeader implements AutoCloseable {
    static final int PAYLOAD_LIMIT = 1024;
    /** LeaderServer's largest inbound message: the greater of 4 MiB and the payload limit + 64 KiB. */
    static final int MAX_INBOUND = 4 << 20;

    static final List<String> TASK_IDS = List.of("fuzz-done", "fuzz-running", "fuzz-pending", "fuzz-cancelled");
    static final String WORKER = "fuzz-worker";
    private static final Duration WAIT = Duration.ofSeconds(10);

    final LeaderFixture leader;
    private final RawSession worker;
    /** gRPC logs at SEVERE what a handler threw at it: an exception the leader let escape. */
    private final Logger grpcLog = Logger.getLogger("io.grpc");

    private final List<String> grpcErrors = new CopyOnWriteArrayList<>();
    private final Handler grpcErrorRecorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                grpcErrors.add(record.getMessage() + (record.getThrown() == null ? "" : ": " + record.getThrown()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** One served method, as reflection describes it. */
    record Target(String name, MethodType type, Descriptor input) {
        io.grpc.MethodDescriptor<byte[], byte[]> method() {
            return RawCall.method(name, type);
        }
    }

    /** A canonical read of the stored state: every task, every member (without its last heartbeat time). */
    record Stored(List<Task> tasks, List<Member> members) {}

    private FuzzedLeader(LeaderFixture leader, RawSession worker) {
        this.leader = leader;
        this.worker = worker;
        grpcLog.addHandler(grpcErrorRecorder);
    }

    static FuzzedLeader start(Path dir) throws Exception {
        LeaderFixture leader = LeaderFixture.start(
                dir,
                c -> c.withLimits(new StateLimits(PAYLOAD_LIMIT, 1_000, 1_000, Duration.ofHours(1), 3, 100))
                        .withHeartbeatTimeout(Duration.ofMinutes(10))
                        .withSessions(new SessionSettings(Duration.ofMinutes(10), 3, 1024)));
        RawSession worker = new RawSession(leader.channel())
                .send(SessionRequest.newBuilder()
                        .setHello(Hello.newBuilder()
                                .setWorkerId(WORKER)
                                .setSlots(2)
                                .setHeartbeatIntervalMs(60_000))
                        .build());
        schedule(leader, "fuzz-done");
        schedule(leader, "fuzz-running");
        StartTask done = awaitStart(worker, "fuzz-done");
        awaitStart(worker, "fuzz-running");
        worker.send(SessionRequest.newBuilder()
                .setOutcome(TaskOutcome.newBuilder()
                        .setTaskId(done.getTaskId())
                        .setAttempt(done.getAttempt())
                        .setAssignment(done.getAssignment())
                        .setResult("ok"))
                .build());
        await().atMost(WAIT)
                .until(() -> leader.scheduler()
                                .getTask(GetTaskRequest.newBuilder()
                                        .setId("fuzz-done")
                                        .build())
                                .getTask()
                                .getStatus()
                        == TaskStatus.TASK_STATUS_COMPLETED);
        worker.send(
                SessionRequest.newBuilder().setDrain(Drain.getDefaultInstance()).build());
        await().atMost(WAIT)
                .until(() -> leader.cluster()
                        .members(MembersRequest.getDefaultInstance())
                        .getMembers(0)
                        .getStatus()
                        .contains("draining"));
        schedule(leader, "fuzz-pending"); // nobody takes it: the only worker drains
        schedule(leader, "fuzz-cancelled");
        leader.scheduler()
                .cancelTask(
                        CancelTaskRequest.newBuilder().setId("fuzz-cancelled").build());
        return new FuzzedLeader(leader, worker);
    }

    private static void schedule(LeaderFixture leader, String id) {
        leader.scheduler()
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(id).setPayload("p"))
                        .build());
    }

    private static StartTask awaitStart(RawSession worker, String taskId) {
        await().atMost(WAIT)
                .until(() -> worker.received().stream()
                        .anyMatch(r -> r.hasStart() && r.getStart().getTaskId().equals(taskId)));
        return worker.received().stream()
                .filter(r -> r.hasStart() && r.getStart().getTaskId().equals(taskId))
                .findFirst()
                .orElseThrow()
                .getStart();
    }

    /** Every method of every service the leader serves, found through server reflection. */
    List<Target> served() throws Exception {
        ReflectionClient reflection = new ReflectionClient(leader.channel());
        List<Target> targets = new ArrayList<>();
        for (String service : reflection.listServices()) {
            for (MethodDescriptor method : reflection.describe(service).getMethods()) {
                MethodType type = method.isClientStreaming()
                        ? method.isServerStreaming() ? MethodType.BIDI_STREAMING : MethodType.CLIENT_STREAMING
                        : method.isServerStreaming() ? MethodType.SERVER_STREAMING : MethodType.UNARY;
                targets.add(new Target(service + "/" + method.getName(), type, method.getInputType()));
            }
        }
        return targets;
    }

    Stored stored() {
        return new Stored(
                leader.scheduler()
                        .getTasks(GetTasksRequest.getDefaultInstance())
                        .getTasksList(),
                leader.cluster().members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                        .map(m -> m.toBuilder().clearLastHeartbeatAt().build())
                        .toList());
    }

    /**
     * After a call that succeeded: the members it added leave, so that nothing can take the pending
     * tasks and the state stays still. Returns the state as it is then.
     */
    Stored settle(Stored now) {
        boolean left = false;
        for (Member member : now.members()) {
            if (!member.getId().equals(WORKER)) {
                leader.cluster()
                        .leave(LeaveRequest.newBuilder().setId(member.getId()).build());
                left = true;
            }
        }
        return left ? stored() : now;
    }

    /** Null while the leader answers as the leader and its health is SERVING; else what is wrong. */
    String notServing() {
        try {
            String role = leader.cluster()
                    .getStatus(GetStatusRequest.getDefaultInstance())
                    .getRole();
            HealthCheckResponse.ServingStatus health = HealthGrpc.newBlockingStub(leader.channel())
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus();
            return role.equals("LEADER") && health == HealthCheckResponse.ServingStatus.SERVING
                    ? null
                    : "the leader answers as " + role + ", health " + health;
        } catch (RuntimeException e) {
            return "the leader does not answer: " + e;
        }
    }

    /** What gRPC logged as errors since the last call (each an exception a handler threw at it). */
    List<String> grpcErrors() {
        List<String> errors = List.copyOf(grpcErrors);
        grpcErrors.removeAll(errors);
        return errors;
    }

    @Override
    public void close() throws InterruptedException {
        grpcLog.removeHandler(grpcErrorRecorder);
        worker.cancel();
        leader.close();
    }
}
