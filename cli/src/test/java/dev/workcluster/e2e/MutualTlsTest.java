package dev.workcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.workcluster.cli.CliRun;
import dev.workcluster.leader.access.AccessSettings;
import dev.workcluster.leader.access.TlsFiles;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.HeartbeatRequest;
import dev.workcluster.proto.cluster.v1.Hello;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.cluster.v1.LeaveRequest;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.SessionRequest;
import dev.workcluster.proto.cluster.v1.SessionResponse;
import dev.workcluster.proto.scheduler.v1.CancelTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import dev.workcluster.proto.scheduler.v1.GetTasksRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTaskRequest;
import dev.workcluster.proto.scheduler.v1.ScheduleTasksRequest;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskCompleteRequest;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksRequest;
import dev.workcluster.testkit.DevCertificates;
import dev.workcluster.testkit.DevCertificates.CertificateFiles;
import dev.workcluster.testkit.EmbeddedCluster;
import dev.workcluster.testkit.FirstMessage;
import dev.workcluster.testkit.NginxProxy;
import dev.workcluster.testkit.QuietLogs;
import dev.workcluster.worker.WorkerOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Native mutual TLS on a leader: real certificates from deploy/tls/dev-certs.sh, real TLS over
 * loopback. Each role's allowed and refused calls, refused handshakes, and a worker held to its
 * own member id.
 */
class MutualTlsTest {
    private static final DevCertificates PKI = DevCertificates.get();
    private static QuietLogs quiet;
    private static EmbeddedCluster cluster;
    /** The same roles through nginx terminating mTLS in front of a leader that trusts it (--trusted-proxy). */
    private static EmbeddedCluster proxied;

    private static NginxProxy nginx;
    private static final List<ManagedChannel> CHANNELS = new ArrayList<>();

    /** What each call needs to get past the role check; its own answer (NOT_FOUND, ...) does not matter here. */
    private static final Map<String, Function<Channel, Object>> CALLS = Map.ofEntries(
            Map.entry(
                    "ScheduleTask",
                    ch -> scheduler(ch)
                            .scheduleTask(ScheduleTaskRequest.newBuilder()
                                    .setTask(Task.newBuilder().setPayload("x"))
                                    .build())),
            Map.entry(
                    "ScheduleTasks",
                    ch -> scheduler(ch)
                            .scheduleTasks(ScheduleTasksRequest.newBuilder()
                                    .addTasks(Task.newBuilder().setId(newId()).setPayload("x"))
                                    .build())),
            Map.entry(
                    "CancelTask",
                    ch -> scheduler(ch)
                            .cancelTask(CancelTaskRequest.newBuilder()
                                    .setId("no-such-task")
                                    .build())),
            Map.entry("GetTasks", ch -> scheduler(ch).getTasks(GetTasksRequest.getDefaultInstance())),
            Map.entry(
                    "GetTask",
                    ch -> scheduler(ch)
                            .getTask(GetTaskRequest.newBuilder()
                                    .setId("no-such-task")
                                    .build())),
            Map.entry(
                    "WatchTasks",
                    ch -> SchedulerServiceGrpc.newBlockingStub(ch)
                            .withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                            .watchTasks(WatchTasksRequest.newBuilder()
                                    .setIncludeExisting(true)
                                    .build())
                            .hasNext()),
            Map.entry(
                    "TaskComplete",
                    ch -> scheduler(ch)
                            .taskComplete(TaskCompleteRequest.newBuilder()
                                    .setId("no-such-task")
                                    .build())),
            Map.entry("Members", ch -> cluster(ch).members(MembersRequest.getDefaultInstance())),
            Map.entry("GetStatus", ch -> cluster(ch).getStatus(GetStatusRequest.getDefaultInstance())),
            Map.entry(
                    "Join",
                    ch -> cluster(ch)
                            .join(JoinRequest.newBuilder()
                                    .setId(principalOf(ch))
                                    .setAddress("127.0.0.1:1")
                                    .build())),
            Map.entry(
                    "Heartbeat",
                    ch -> cluster(ch)
                            .heartbeat(HeartbeatRequest.newBuilder()
                                    .setId(principalOf(ch))
                                    .build())),
            Map.entry(
                    "Leave",
                    ch -> cluster(ch)
                            .leave(LeaveRequest.newBuilder()
                                    .setId(principalOf(ch))
                                    .build())),
            Map.entry(
                    "health Check",
                    ch -> HealthGrpc.newBlockingStub(ch)
                            .withDeadlineAfter(5, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance())));

    private static final Map<Channel, String> PRINCIPALS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void startLeaderWithMutualTls() throws Exception {
        quiet = QuietLogs.errorsOnly();
        cluster = startTlsCluster("mtls");
        proxied = EmbeddedCluster.start(
                "mtls-proxied", config -> config.withAccess(new AccessSettings(null, List.of("127.0.0.1"), false)));
        nginx = NginxProxy.newBuilder(proxied.address()).start();
    }

    /** Where a caller reaches the leader: natively, or through nginx. */
    private static String front(String name) {
        return name.equals("nginx") ? nginx.address() : cluster.address();
    }

    private static EmbeddedCluster startTlsCluster(String name) throws Exception {
        return EmbeddedCluster.start(
                name,
                config -> config.withAccess(new AccessSettings(
                        TlsFiles.of(PKI.leaderCert(), PKI.leaderKey(), PKI.ca()), List.of(), false)));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        CHANNELS.forEach(ManagedChannel::shutdownNow);
        try {
            nginx.close();
        } finally {
            proxied.close();
            cluster.close();
            quiet.close();
        }
    }

    static Stream<Arguments> roleTable() {
        // role -> the calls it may make; every other call in CALLS is PERMISSION_DENIED
        Map<String, List<String>> allowed = Map.of(
                "viewer", List.of("GetTasks", "GetTask", "WatchTasks", "Members", "GetStatus", "health Check"),
                "admin",
                        List.of(
                                "GetTasks",
                                "GetTask",
                                "WatchTasks",
                                "Members",
                                "GetStatus",
                                "health Check",
                                "ScheduleTask",
                                "ScheduleTasks",
                                "CancelTask"),
                "worker w1", List.of("Join", "Heartbeat", "Leave", "TaskComplete", "health Check"));
        List<Arguments> rows = new ArrayList<>();
        for (String front : List.of("native", "nginx")) {
            allowed.forEach((role, calls) ->
                    CALLS.keySet().forEach(call -> rows.add(Arguments.of(front, role, call, calls.contains(call)))));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1} calls {2}: allowed={3}")
    @MethodSource("roleTable")
    void eachRoleMayMakeItsCallsAndNoOthers(String front, String role, String call, boolean allowed) throws Exception {
        Channel channel = channelAs(role, front(front));

        Status.Code code = codeOf(() -> CALLS.get(call).apply(channel));

        if (allowed) {
            assertThat(code).as("%s calling %s", role, call).isNotEqualTo(Status.Code.PERMISSION_DENIED);
        } else {
            StatusRuntimeException refused =
                    (StatusRuntimeException) catchThrown(() -> CALLS.get(call).apply(channel));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(refused.getStatus().getDescription())
                    .contains("principal '" + principalOf(channel) + "'")
                    .contains("(role " + role.split(" ")[0] + ")")
                    .contains("may not call")
                    .contains("/" + call.replace("health ", ""));
        }
    }

    static Stream<Arguments> refusedHandshakes() {
        return Stream.of(
                Arguments.of("no client certificate", null),
                Arguments.of("a certificate from an untrusted CA", PKI.untrustedAdmin()),
                Arguments.of("an expired certificate", PKI.expiredAdmin()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedHandshakes")
    void theHandshakeFailsWithout(String what, CertificateFiles client) {
        Channel channel = channel(PKI.credentials(client));

        assertThatThrownBy(() -> cluster(channel).getStatus(GetStatusRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void plaintextIsNotServed() {
        ManagedChannel plaintext = Grpc.newChannelBuilder(
                        cluster.address(), io.grpc.InsecureChannelCredentials.create())
                .build();
        CHANNELS.add(plaintext);

        assertThatThrownBy(() -> cluster(plaintext).getStatus(GetStatusRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    static Stream<Arguments> actsForAnotherMember() {
        return Stream.of("native", "nginx")
                .flatMap(front ->
                        actsForAnotherMemberCalls().map(call -> Arguments.of(front, call.get()[0], call.get()[1])));
    }

    private static Stream<Arguments> actsForAnotherMemberCalls() {
        return Stream.of(
                Arguments.of("Join", (Function<Channel, Object>) ch -> cluster(ch)
                        .join(JoinRequest.newBuilder()
                                .setId("w2")
                                .setAddress("127.0.0.1:1")
                                .build())),
                Arguments.of("Heartbeat", (Function<Channel, Object>) ch -> cluster(ch)
                        .heartbeat(HeartbeatRequest.newBuilder().setId("w2").build())),
                Arguments.of("Leave", (Function<Channel, Object>) ch ->
                        cluster(ch).leave(LeaveRequest.newBuilder().setId("w2").build())),
                Arguments.of("Session", (Function<Channel, Object>) MutualTlsTest::sessionHelloAsW2));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("actsForAnotherMember")
    @SuppressWarnings("unchecked")
    void aWorkerCertificateCannotActForAnotherMember(String front, String call, Object asW2Call) throws Exception {
        Function<Channel, Object> asW2 = (Function<Channel, Object>) asW2Call;
        Channel w1 = channelAs("worker w1", front(front));

        StatusRuntimeException refused = (StatusRuntimeException) catchThrown(() -> asW2.apply(w1));

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getStatus().getDescription())
                .contains("principal 'w1' (role worker) may act only for member 'w1', not 'w2'")
                .contains(call);
        assertThat(cluster(channelAs("viewer", front(front)))
                        .members(MembersRequest.getDefaultInstance())
                        .getMembersList())
                .noneMatch(m -> m.getId().equals("w2"));
    }

    @Test
    void aWorkerRunsTasksOverMutualTlsAndCannotReportAnotherWorkersTask() throws Exception {
        try (EmbeddedCluster own = startTlsCluster("mtls-stream")) {
            workerCannotReportAnotherWorkersTask(own);
        }
    }

    private static void workerCannotReportAnotherWorkersTask(EmbeddedCluster own) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        own.startWorker(
                WorkerOptions.newBuilder().setWorkerId("w2").setSlots(1).setTls(PKI.workerTls("w2")), context -> {
                    release.await();
                    return "done over mTLS";
                });
        Channel admin = channelAs("admin", own.address());
        String id = scheduler(admin)
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(newId()).setPayload("job"))
                        .build())
                .getTask()
                .getId();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(admin, id) == TaskStatus.TASK_STATUS_RUNNING);

        StatusRuntimeException refused =
                (StatusRuntimeException) catchThrown(() -> scheduler(channelAs("worker w1", own.address()))
                        .taskComplete(TaskCompleteRequest.newBuilder().setId(id).build()));
        release.countDown();

        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getStatus().getDescription()).contains("task '" + id + "' runs on member 'w2'");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(admin, id) == TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(scheduler(admin)
                        .getTask(GetTaskRequest.newBuilder().setId(id).build())
                        .getTask()
                        .getResult())
                .isEqualTo("done over mTLS");
    }

    @Test
    void aPushModeWorkerIsCalledOverMutualTlsBothWays() throws Exception {
        try (EmbeddedCluster own = startTlsCluster("mtls-push")) {
            pushWorkerRunsATask(own);
        }
    }

    /** w1 joins with unary calls over mTLS; the leader calls its WorkerService presenting the
     * node's certificate and verifying the worker's (which names localhost). */
    private static void pushWorkerRunsATask(EmbeddedCluster own) throws Exception {
        own.startWorker(
                WorkerOptions.newBuilder()
                        .setWorkerId("w1")
                        .setTransport(dev.workcluster.worker.Transport.PUSH)
                        .setPushListenPort(0)
                        .setTls(PKI.workerTls("w1")),
                context -> "pushed over mTLS");
        Channel admin = channelAs("admin", own.address());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> cluster(admin).members(MembersRequest.getDefaultInstance()).getMembersList().stream()
                        .anyMatch(m -> m.getId().equals("w1")));

        String id = scheduler(admin)
                .scheduleTask(ScheduleTaskRequest.newBuilder()
                        .setTask(Task.newBuilder().setId(newId()).setPayload("push"))
                        .build())
                .getTask()
                .getId();

        await().atMost(Duration.ofSeconds(20)).until(() -> status(admin, id) == TaskStatus.TASK_STATUS_COMPLETED);
        assertThat(scheduler(admin)
                        .getTask(GetTaskRequest.newBuilder().setId(id).build())
                        .getTask()
                        .getResult())
                .isEqualTo("pushed over mTLS");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native", "nginx"})
    void theCliSchedulesAsAdminAndIsRefusedAsViewer(String front) {
        String id = newId();

        CliRun scheduled = cli("admin", front, "schedule", "--id", id, "from the CLI");
        CliRun refused = cli("viewer", front, "schedule", "--id", newId(), "not allowed");
        CliRun listed = cli("viewer", front, "task", id);

        assertThat(scheduled.exit()).as(scheduled.err()).isZero();
        assertThat(scheduled.out()).contains(id);
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err())
                .contains("principal 'viewer' (role viewer) may not call scheduler.v1.SchedulerService/ScheduleTask");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(id);
    }

    private static CliRun cli(String role, String front, String... command) {
        CertificateFiles files = PKI.client(role);
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(
                "--leader", front(front),
                "--tls-ca", PKI.ca().toString(),
                "--tls-cert", files.certificate().toString(),
                "--tls-key", files.key().toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String newId() {
        return java.util.UUID.randomUUID().toString();
    }

    private static TaskStatus status(Channel channel, String id) {
        return scheduler(channel)
                .getTask(GetTaskRequest.newBuilder().setId(id).build())
                .getTask()
                .getStatus();
    }

    /** Opens a session stream saying Hello as w2; returns once the leader answers, or throws how it ended. */
    private static Object sessionHelloAsW2(Channel channel) {
        FirstMessage<SessionResponse> answer = new FirstMessage<>("the session ended without an answer");
        StreamObserver<SessionRequest> requests = LeaderServiceGrpc.newStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .session(answer);
        requests.onNext(SessionRequest.newBuilder()
                .setHello(Hello.newBuilder().setWorkerId("w2").setSlots(1))
                .build());
        try {
            return answer.future().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            requests.onCompleted();
        }
    }

    private static Channel channelAs(String role) {
        return channelAs(role, cluster.address());
    }

    private static Channel channelAs(String role, String address) {
        CertificateFiles files = role.startsWith("worker ") ? PKI.worker(role.substring(7)) : PKI.client(role);
        Channel channel = channel(PKI.credentials(files), address);
        PRINCIPALS.put(channel, role.startsWith("worker ") ? role.substring(7) : role);
        return channel;
    }

    private static String principalOf(Channel channel) {
        return PRINCIPALS.getOrDefault(channel, "");
    }

    private static Channel channel(ChannelCredentials credentials) {
        return channel(credentials, cluster.address());
    }

    private static Channel channel(ChannelCredentials credentials, String address) {
        // The leader's certificate names localhost and 127.0.0.1.
        ManagedChannel channel = Grpc.newChannelBuilder(address, credentials).build();
        CHANNELS.add(channel);
        return channel;
    }

    private static SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler(Channel channel) {
        return SchedulerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static LeaderServiceGrpc.LeaderServiceBlockingStub cluster(Channel channel) {
        return LeaderServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static Status.Code codeOf(Callable<?> call) throws Exception {
        try {
            call.call();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private static Throwable catchThrown(Callable<?> call) throws Exception {
        try {
            call.call();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call was not refused");
    }
}
